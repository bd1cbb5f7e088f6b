"""The per-request guard: sign-in required, session timeouts, district and role.

Runs before every view, so no route can forget it. Public endpoints are an explicit
allow-list. The current district comes only from the signed-in session.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import UserMixin, current_user, logout_user
from htmx_flask import make_response

from app import audit, tenancy
from app.domain.vocab import role_at_least
from app.extensions import db, login_manager
from app.models import District, Membership, User

PUBLIC_ENDPOINTS = frozenset({"auth.login", "static", "main.health"})
# Writes a viewer may make: about their own session and account only.
SELF_SERVICE_WRITES = frozenset(
    {"auth.logout", "auth.switch_district", "auth.change_password"}
)
# Reads sent as a POST because what they read is too long or too private for a URL (a
# draft pasted into the wording check would land in access logs and history): viewers
# may send them; they write nothing (tests/web/test_access.py checks), and CSRF holds.
READS_BY_POST = frozenset({"messages.check"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# "Last seen" is written to the session at most this often (seconds): writing it on every
# request re-signed and re-sent the session cookie each time. The idle timeout is
# therefore exact to within this step.
SEEN_AT_STEP = 60


@dataclass(frozen=True, slots=True)
class DistrictRef:
    """A district as a signed-in request knows it: its id and name, and when it was made
    (tenancy.district_epoch: an id can outlive its district on SQLite)."""

    id: int
    name: str
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class MembershipRef:
    """The signed-in user's role in one district."""

    district_id: int
    role: str
    district: DistrictRef


class SignedInUser(UserMixin):
    """The signed-in user of a request, read with their memberships in one statement.

    It answers what the guard, the templates and the views ask of `current_user` (id,
    email, name, memberships, districts, role_in); it is not an ORM object, so a view
    that changes the account loads the `User` by `current_user.id`. (The ORM loading of a
    user, their memberships and districts cost more than the page's own queries.)
    """

    def __init__(self, user_id: int, email: str, name: str, session_version: int,
                 memberships: tuple[MembershipRef, ...]):
        self.id = user_id
        self.email = email
        self.name = name
        self.session_version = session_version
        self.memberships = memberships

    @property
    def is_active(self) -> bool:
        return True  # a disabled user is never loaded

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def role_in(self, district_id: int | None) -> str | None:
        return next((m.role for m in self.memberships if m.district_id == district_id), None)

    @property
    def districts(self) -> list[DistrictRef]:
        return sorted((m.district for m in self.memberships), key=lambda d: d.name)


_USERS, _MEMBERSHIPS, _DISTRICTS = User.__table__, Membership.__table__, District.__table__
_SIGNED_IN = (
    sa.select(_USERS.c.email, _USERS.c.name, _MEMBERSHIPS.c.district_id, _MEMBERSHIPS.c.role,
              _DISTRICTS.c.name, _DISTRICTS.c.created_at)
    .select_from(_USERS)
    .outerjoin(_MEMBERSHIPS, _MEMBERSHIPS.c.user_id == _USERS.c.id)
    .outerjoin(_DISTRICTS, _DISTRICTS.c.id == _MEMBERSHIPS.c.district_id)
    .where(_USERS.c.id == sa.bindparam("user_id"), _USERS.c.is_enabled.is_(True),
           _USERS.c.session_version == sa.bindparam("version"))
)


@login_manager.user_loader
def load_user(identity: str) -> SignedInUser | None:
    """Load the signed-in user; a stale session version means the session has ended."""
    user_id, _, version = identity.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or max(len(user_id), len(version)) > 18:
        return None  # not ours (a session cookie is signed): nothing to look up
    rows = db.session.connection().execute(
        _SIGNED_IN, {"user_id": int(user_id), "version": int(version)}).all()
    if not rows:
        return None  # unknown, disabled, or signed out everywhere since
    memberships = tuple(
        MembershipRef(district_id, role, DistrictRef(district_id, district_name, made))
        for _email, _name, district_id, role, district_name, made in rows
        if district_id is not None)
    return SignedInUser(int(user_id), rows[0].email, rows[0].name, int(version), memberships)


def _now() -> datetime:
    return datetime.now(UTC)


def _to_login(message: str | None = None):
    if message:
        flash(message, "info")
    # full_path ends in a bare "?" when there is no query string: leave it out.
    page = request.full_path.rstrip("?") if request.method == "GET" else None
    target = url_for("auth.login", next=page)
    if request.htmx:
        return make_response("", 204, redirect=target)
    return redirect(target)


def safe_next(target: str | None) -> str | None:
    """A local path to go back to after sign-in, or None for anything off-site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target.rstrip("?") or None


def _session_expired() -> str | None:
    now = _now().timestamp()
    login_at = session.get("login_at", 0)
    seen_at = session.get("seen_at", 0)
    cfg = current_app.config
    if now - login_at > cfg["SESSION_ABSOLUTE_TIMEOUT"].total_seconds():
        return "Your session reached its time limit. Please sign in again."
    if now - seen_at > cfg["SESSION_IDLE_TIMEOUT"].total_seconds():
        return "You were signed out after a period of inactivity. Please sign in again."
    return None


def guard_request():
    """before_request: authenticate, enforce timeouts, bind the district and role."""
    g.district = None
    g.role = None
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return _to_login("Please sign in to continue.")
    expired = _session_expired()
    if expired:
        logout_user()
        session.clear()
        return _to_login(expired)
    now = _now().timestamp()
    if now - session.get("seen_at", 0) >= SEEN_AT_STEP:
        session["seen_at"] = now  # a new signed cookie only when this moves

    memberships = {m.district_id: m for m in current_user.memberships}
    district_id = session.get("district_id")
    if district_id not in memberships and memberships:
        # Open where the user can do most (admin before editor before viewer), then by name.
        rank = {"admin": 0, "editor": 1, "viewer": 2}
        district_id = min(
            memberships,
            key=lambda i: (rank.get(memberships[i].role, 3), memberships[i].district.name),
        )
        session["district_id"] = district_id
    membership = memberships.get(district_id)
    if membership is not None:
        g.district = membership.district
        g.role = membership.role
        g.district_token = tenancy.bind_request_district(membership.district_id,
                                                         membership.district.created_at)
    g.actor_token = audit.bind_actor(current_user.id, current_user.email)

    if membership is None and request.endpoint not in SELF_SERVICE_WRITES | {"main.no_district"}:
        return redirect(url_for("main.no_district"))
    if (request.method not in SAFE_METHODS
            and request.endpoint not in SELF_SERVICE_WRITES | READS_BY_POST):
        switched = _district_switched(memberships, district_id)
        if switched is not None:
            return switched
        if not role_at_least(g.role, "editor"):
            abort(403)
    return None


def _district_switched(memberships: dict, district_id: int | None):
    """A write from a page drawn for another district than the session's (the user
    switched in another tab since): refused with a page saying so, or None.

    Without this, a form on a page of district A would act on district B: a new
    stakeholder added to B, an id looked up in B. Pages name their district in a header
    (htmx) or a form field (app.js); a request naming none is not refused.
    """
    claimed = request.headers.get(tenancy.DISTRICT_HEADER)
    if claimed is None and request.mimetype in FORM_TYPES:
        claimed = request.form.get(tenancy.DISTRICT_FIELD)
    if not claimed or claimed == str(district_id):
        return None
    page = memberships.get(int(claimed)) if claimed.isdigit() else None
    body = render_template("errors/district_switched.html",
                           page_district=page.district if page else None)
    return make_response(body, 412)


def release_request(_exc=None) -> None:
    """teardown_request: unbind the district and actor so nothing leaks to the next."""
    token = g.pop("district_token", None)
    if token is not None:
        tenancy.release_request_district(token)
    token = g.pop("actor_token", None)
    if token is not None:
        audit.release_actor(token)


def role_required(role: str):
    """View decorator: the signed-in user needs at least `role` in the current district."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not role_at_least(g.get("role"), role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator
