"""Sign in, sign out, switch district, change password."""

import secrets

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from app import audit
from app.auth import bp
from app.auth.forms import ChangePasswordForm, EmptyForm, LoginForm
from app.auth.guard import _now, safe_next
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.auth.throttle import sign_in_throttle
from app.extensions import db
from app.models import User

BAD_CREDENTIALS = "Email or password is incorrect."


def _account_key() -> str:
    """Rate-limit by the account being tried, so one attacked account locks alone."""
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password.

    Every posted attempt that doesn't sign in counts against the account tried; once
    it has used up LOGIN_ATTEMPT_LIMIT, it is refused (429) until the window moves on,
    even with the right password.
    """
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if request.method != "POST":
        return _login_page(form)
    throttle, account = sign_in_throttle(), _account_key()
    if throttle.is_locked(account):
        current_app.logger.info("sign-in refused: too many failed attempts for an account")
        raise TooManyRequests(retry_after=throttle.retry_after(account))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(User.email == email))
        ok = verify_password(user.password_hash if user else None, form.password.data)
        if ok and user.is_enabled:
            return _sign_in(user, form.password.data)
        current_app.logger.info("failed sign-in for an account")
        form.password.errors.append(BAD_CREDENTIALS)
    throttle.failed(account)
    return _login_page(form)


def _login_page(form: LoginForm):
    return render_template("auth/login.html", form=form, next=request.args.get("next", ""))


def _sign_in(user: User, password: str):
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = _now()
    next_url = safe_next(request.args.get("next"))
    previous_district = session.get("district_id")
    session.clear()  # a new session at sign-in: nothing from before carries over
    session["sid"] = secrets.token_urlsafe(16)
    session["login_at"] = session["seen_at"] = _now().timestamp()
    session.permanent = True
    districts = {m.district_id for m in user.memberships}
    if previous_district in districts:
        session["district_id"] = previous_district
    login_user(user)
    for district_id in districts:
        with audit.acting_as(user.id, user.email):
            audit.record(db.session, "sign_in", "User", user.id, user.email,
                         district_id=district_id)
    db.session.commit()
    return redirect(next_url or url_for("main.dashboard"))


@bp.post("/logout")
def logout():
    """Sign out; this and every other session of the user ends."""
    if current_user.is_authenticated:
        user = db.session.get(User, current_user.id)
        user.end_other_sessions()
        db.session.commit()
        logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.post("/districts/<int:district_id>/switch")
def switch_district(district_id: int):
    """Work in another district the user belongs to."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    role = current_user.role_in(district_id)
    if role is None:
        abort(404)
    session["district_id"] = district_id
    name = next(m.district.name for m in current_user.memberships if m.district_id == district_id)
    flash(f"Now working in {name}.", "success")
    return redirect(url_for("main.dashboard"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Change your own password; your other sessions end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = db.session.get(User, current_user.id)
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append("Your current password is not correct.")
        else:
            user.password_hash = hash_password(form.new_password.data)
            user.end_other_sessions()
            db.session.commit()
            login_user(user)  # keep this session, on the new session version
            flash("Password changed. You were signed out everywhere else.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)
