"""The per-request guard: sign-in required, session timeouts, district and role.

Runs before every view, so no route can forget it. Public endpoints are an explicit
allow-list. The current district comes only from the signed-in session.
"""

from datetime import UTC, datetime
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user
from htmx_flask import make_response
from sqlalchemy.orm import joinedload

from app import audit, tenancy
from app.domain.vocab import role_at_least
from app.extensions import db, login_manager
from app.models import User

PUBLIC_ENDPOINTS = frozenset({"auth.login", "static", "main.health"})
# Writes a viewer may make: about their own session and account only.
SELF_SERVICE_WRITES = frozenset(
    {"auth.logout", "auth.switch_district", "auth.change_password"}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Load the signed-in user; a stale session version means the session has ended."""
    user_id, _, version = identity.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # With the memberships and their districts in the same query: the guard needs them.
    user = db.session.get(User, int(user_id), options=[joinedload(User.memberships)])
    if user is None or not user.is_enabled or user.session_version != int(version):
        return None
    return user


def _now() -> datetime:
    return datetime.now(UTC)


def _to_login(message: str | None = None):
    if message:
        flash(message, "info")
    target = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
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
    session["seen_at"] = _now().timestamp()

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
        g.district_token = tenancy.bind_request_district(membership.district_id)
    g.actor_token = audit.bind_actor(current_user.id, current_user.email)

    if membership is None and request.endpoint not in SELF_SERVICE_WRITES | {"main.no_district"}:
        return redirect(url_for("main.no_district"))
    if request.method not in SAFE_METHODS and request.endpoint not in SELF_SERVICE_WRITES:
        if not role_at_least(g.role, "editor"):
            abort(403)
    return None


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
