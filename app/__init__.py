"""Groundwork: community stakeholder mapping and outreach for school districts."""

import logging
import os
import secrets
from pathlib import Path

from flask import Flask, render_template
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import Config, TestConfig
from app.extensions import csrf, db, htmx, login_manager, migrate
from app.routing import IdConverter


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI and error pages."""
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = IdConverter  # before any route is added
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if test_config is None:
        app.config.from_object(Config)
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_object(TestConfig)
        app.config.from_mapping(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_file = Path(app.instance_path) / "groundwork.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    _init_extensions(app)
    _register_blueprints(app)
    _register_error_pages(app)
    from app.cli import register_cli

    register_cli(app)
    logging.getLogger("groundwork").setLevel(logging.INFO)
    return app


def _instance_secret(path: Path) -> str:
    """Read the instance's secret key, creating a random one on first run."""
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        os.chmod(path, 0o600)
    return path.read_text(encoding="utf-8").strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL, a busy timeout and enforced foreign keys for every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _init_extensions(app: Flask) -> None:
    from app import audit, tenancy
    from app.auth import throttle
    from app.auth.guard import guard_request, release_request
    from app.security import (
        HttpsAwareSessionInterface,
        refuse_unstorable_text,
        set_security_headers,
    )
    from app.services import network

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    htmx.init_app(app)
    throttle.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # our session version does this job
    app.session_interface = HttpsAwareSessionInterface()
    tenancy.install()
    audit.install()
    network.install()
    if app.config["NETWORK_BACKGROUND"]:
        # Started lazily by the first request, so CLI commands and forking servers
        # (gunicorn starts each worker after fork) each get their own worker thread.
        app.before_request(lambda: network.start_background_worker(app))
    app.before_request(guard_request)
    # After the guard, so the 400 page has the signed-in user's district and navigation.
    app.before_request(refuse_unstorable_text)
    app.teardown_request(release_request)
    app.after_request(set_security_headers)
    from app.templating import register_template_helpers

    register_template_helpers(app)


def _register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.champions import bp as champions_bp
    from app.coverage import bp as coverage_bp
    from app.engagement import bp as engagement_bp
    from app.imports import bp as imports_bp
    from app.main import bp as main_bp
    from app.map import bp as map_bp
    from app.messages import bp as messages_bp
    from app.network import bp as network_bp
    from app.outreach import bp as outreach_bp
    from app.partnerships import bp as partnerships_bp
    from app.stakeholders import bp as stakeholders_bp
    from app.week import bp as week_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(stakeholders_bp, url_prefix="/stakeholders")
    app.register_blueprint(imports_bp, url_prefix="/import")
    app.register_blueprint(map_bp, url_prefix="/map")
    app.register_blueprint(champions_bp, url_prefix="/champions")
    app.register_blueprint(coverage_bp, url_prefix="/coverage")
    app.register_blueprint(network_bp, url_prefix="/network")
    app.register_blueprint(outreach_bp, url_prefix="/outreach")
    app.register_blueprint(partnerships_bp, url_prefix="/partnerships")
    app.register_blueprint(engagement_bp, url_prefix="/engagement")
    app.register_blueprint(messages_bp, url_prefix="/messages")
    app.register_blueprint(week_bp, url_prefix="/week")
    app.register_blueprint(admin_bp, url_prefix="/settings")


def _register_error_pages(app: Flask) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    from app.services.stakeholders import StaleVersion

    for code in (400, 403, 404, 405, 409, 413, 429, 500):
        app.register_error_handler(code, _error_page)
    # Someone saved the same record first: a clear 409, never a silent overwrite.
    app.register_error_handler(StaleVersion, _conflict)
    app.register_error_handler(StaleDataError, _conflict)


def _conflict(_error):
    from werkzeug.exceptions import Conflict

    db.session.rollback()
    return _error_page(Conflict())


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    if code == 500:
        db.session.rollback()
    # The exception's own headers (405's Allow, 429's Retry-After), not its body's type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"] \
        if isinstance(error, HTTPException) else []
    return render_template("errors/error.html", code=code, error=error), code, headers
