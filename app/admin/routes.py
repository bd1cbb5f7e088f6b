"""Settings views for district admins: members, roles and accounts (the audit log is in
audit_routes, the contact cadence in cadence).

Memberships are not district-scoped models, so every query here filters by
``g.district`` explicitly; a user id outside the current district is a 404.
"""

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from app.admin import bp
from app.admin.forms import AddUserForm, RoleForm
from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.auth.passwords import hash_password
from app.domain import clock as clock_domain
from app.domain.vocab import ROLES, label
from app.extensions import db
from app.models import AuditEvent, Membership, User
from app.services import clock

MAX_PAGE = 100_000  # of members: far past any district; the offset stays a small number

@bp.get("/")
@role_required("admin")
def index():
    """Settings overview: members and the audit log at a glance."""
    counts = dict(
        db.session.execute(
            sa.select(Membership.role, sa.func.count())
            .where(Membership.district_id == g.district.id)
            .group_by(Membership.role)
        ).all()
    )
    latest = db.session.scalar(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))
    zone_label = dict(clock_domain.ZONES)[clock.district_zone()]
    return render_template("admin/index.html", counts=counts, latest=latest,
                           zone_label=zone_label)


# --- Users -------------------------------------------------------------------------


def _member_or_404(user_id: int) -> Membership:
    """The membership of `user_id` in the current district; 404 for anyone else."""
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user_id, Membership.district_id == g.district.id
        )
    )
    if membership is None:
        abort(404)
    return membership


def _require_csrf() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _wholly_administered(user: User) -> bool:
    """True when every district of `user` is one the signed-in admin administers: only
    such an account may be disabled, enabled, or added here by its email."""
    administered = {m.district_id for m in current_user.memberships if m.role == "admin"}
    return {m.district_id for m in user.memberships} <= administered


def _can_toggle(user: User) -> bool:
    """Disable/enable only accounts wholly inside districts this admin administers."""
    return user.id != current_user.id and _wholly_administered(user)


def _is_last_admin(membership: Membership) -> bool:
    """True when no other enabled admin would remain if this one stopped being admin."""
    if membership.role != "admin":
        return False
    others = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Membership)
        .join(Membership.user)
        .where(
            Membership.district_id == g.district.id,
            Membership.role == "admin",
            Membership.id != membership.id,
            User.is_enabled.is_(True),
        )
    )
    return not others


def _last_admin_message() -> str:
    return (
        f"You are the only admin of {g.district.name}. Make someone else an admin "
        "first, so the district always has one."
    )


def _row(membership: Membership, notice: str | None = None, error: str | None = None) -> dict:
    is_self = membership.user_id == current_user.id
    return {
        "m": membership,
        "user": membership.user,
        "is_self": is_self,
        # The only admin cannot leave: the row says why instead of offering the button.
        "cannot_leave": is_self and _is_last_admin(membership),
        "can_toggle": _can_toggle(membership.user),
        "role_form": RoleForm(formdata=None, role=membership.role),
        "notice": notice,
        "error": error,
        "page": request.args.get("page", type=int),  # so forms come back to this page
    }


def _back_to_users():
    return redirect(url_for("admin.users", page=request.args.get("page", type=int)))


@bp.get("/users")
@role_required("admin")
def users():
    """The district's members, their roles and account status."""
    query = (
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.district_id == g.district.id)
        .options(contains_eager(Membership.user).selectinload(User.memberships))
        .order_by(sa.func.lower(User.name), User.id)
    )
    pagination = db.paginate(
        query,
        page=min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "admin/users.html",
        pagination=pagination,
        rows=[_row(m) for m in pagination.items],
        button_form=EmptyForm(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def add_user():
    """Add someone to the district: an existing account, or a new one."""
    form = AddUserForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.email == form.email.data))
        done = _add_existing(form, user) if user else _add_new(form)
        if done:
            return redirect(url_for("admin.users"))
    return render_template("admin/add_user.html", form=form)


def _add_existing(form: AddUserForm, user: User) -> bool:
    role = user.role_in(g.district.id)
    if role is not None:
        form.email.errors.append(
            f"{user.email} is already a member of {g.district.name} (as "
            f"{label(ROLES, role).lower()}). Change their role in the list of users instead."
        )
        return False
    if not _wholly_administered(user):
        # Another district's account: neither its name nor its districts are ours to
        # show, and adding it here is for someone who administers both.
        form.email.errors.append(
            "This address belongs to an account in a district you do not administer. An "
            "admin of both districts can add it, or ask them to use another address here."
        )
        return False
    db.session.add(Membership(user=user, district_id=g.district.id, role=form.role.data))
    db.session.commit()
    flash(
        f"Added existing account {user.name} ({user.email}) to {g.district.name} as "
        f"{label(ROLES, form.role.data).lower()}. Their name and password are unchanged.",
        "success",
    )
    return True


def _add_new(form: AddUserForm) -> bool:
    if not form.name.data:
        form.name.errors.append("Enter a name for the new account.")
    if not form.password.data:
        form.password.errors.append("Set an initial password for the new account.")
    if form.name.errors or form.password.errors:
        return False
    user = User(
        email=form.email.data, name=form.name.data, password_hash=hash_password(form.password.data)
    )
    db.session.add(Membership(user=user, district_id=g.district.id, role=form.role.data))
    try:
        db.session.commit()
    except IntegrityError:  # created by someone else a moment ago
        db.session.rollback()
        form.email.errors.append(
            "An account with this email was just created. Submit again to add it to this district."
        )
        return False
    flash(
        f"Created an account for {user.name} ({user.email}) as "
        f"{label(ROLES, form.role.data).lower()}. Share the initial password with them "
        "privately.",
        "success",
    )
    return True


@bp.post("/users/<int:user_id>/role")
@role_required("admin")
def change_role(user_id: int):
    """Change a member's role; htmx gets the updated row back."""
    membership = _member_or_404(user_id)
    name = membership.user.name
    form = RoleForm()
    if not form.validate_on_submit():
        return _role_result(membership, error="Choose admin, editor or viewer.")
    new_role = form.role.data
    new_label = label(ROLES, new_role).lower()
    if new_role == membership.role:
        return _role_result(membership, notice=f"{name} is already {new_label}.")
    if new_role != "admin" and _is_last_admin(membership):
        return _role_result(membership, error=_last_admin_message())
    mine = _my_membership()
    could_leave = not _is_last_admin(mine)
    membership.role = new_role
    db.session.commit()
    if membership.user_id == current_user.id:
        flash(f"You are now {new_label} in {g.district.name}; Settings are for admins.", "info")
        if request.htmx:
            return make_response("", 204, redirect=url_for("main.dashboard"))
        return redirect(url_for("main.dashboard"))
    # Another admin more or fewer changes whether you may leave: your own row says so.
    mine_too = mine if could_leave == _is_last_admin(mine) else None
    return _role_result(membership, notice=f"{name} is now {new_label}.", mine_too=mine_too)


def _my_membership() -> Membership:
    return db.session.scalars(
        sa.select(Membership).where(
            Membership.district_id == g.district.id, Membership.user_id == current_user.id
        )
    ).one()


def _role_result(
    membership: Membership,
    notice: str | None = None,
    error: str | None = None,
    mine_too: Membership | None = None,
):
    """The row fragment for htmx (and out of band your own row, when `mine_too`);
    otherwise a flash message and back to the list."""
    if request.htmx:
        html = render_template(
            "admin/_user_row.html", row=_row(membership, notice, error), button_form=EmptyForm()
        )
        if mine_too is not None:
            html += render_template(
                "admin/_user_row.html", row=_row(mine_too), button_form=EmptyForm(), oob=True
            )
        return html
    flash(error or notice, "error" if error else "success")
    return _back_to_users()


@bp.post("/users/<int:user_id>/remove")
@role_required("admin")
def remove_member(user_id: int):
    """Remove a member from this district. Their next request here finds no membership
    (the guard reads memberships on every request), so access ends at once; their
    sessions in other districts go on."""
    membership = _member_or_404(user_id)
    _require_csrf()
    if _is_last_admin(membership):
        flash(_last_admin_message(), "error")
        return _back_to_users()
    name, leaving = membership.user.name, membership.user_id == current_user.id
    db.session.delete(membership)  # a direct delete, so the audit log records it
    db.session.commit()
    if leaving:
        flash(f"You left {g.district.name}.", "info")
        return redirect(url_for("main.dashboard"))
    flash(f"{name} was removed from {g.district.name}; they can no longer open it.", "success")
    return _back_to_users()


@bp.post("/users/<int:user_id>/disable")
@role_required("admin")
def disable_user(user_id: int):
    """Disable an account: no sign-in, every session ends."""
    user = _toggleable_user(user_id)
    if user.is_enabled:
        user.is_enabled = False
        user.end_other_sessions()
        db.session.commit()
    flash(f"{user.name}'s account is disabled; they were signed out everywhere.", "success")
    return _back_to_users()


@bp.post("/users/<int:user_id>/enable")
@role_required("admin")
def enable_user(user_id: int):
    """Enable a disabled account again."""
    user = _toggleable_user(user_id)
    if not user.is_enabled:
        user.is_enabled = True
        db.session.commit()
    flash(f"{user.name}'s account is enabled; they can sign in again.", "success")
    return _back_to_users()


def _toggleable_user(user_id: int) -> User:
    user = _member_or_404(user_id).user
    _require_csrf()
    if user.id == current_user.id:
        abort(403)  # no button is offered: you cannot lock yourself out
    if not _can_toggle(user):
        abort(403)  # the account is shared with a district this admin does not run
    return user
