"""Configuration classes; values come from the environment or instance/config.py."""

import os
from datetime import timedelta


class Config:
    """Production-safe defaults. Secrets and URLs come from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Sign-in attempts: memory by default; point at Redis for several workers or hosts.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    LOGIN_ATTEMPT_LIMIT = os.environ.get("LOGIN_ATTEMPT_LIMIT", "5 per 15 minutes")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure is also set per request when served over HTTPS (see app.security).
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "60")))
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")))
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_TIMEOUT
    # The cookie lives from sign-in for the absolute timeout (the guard checks both
    # timeouts itself); re-signing and re-sending it on every response bought nothing.
    SESSION_REFRESH_EACH_REQUEST = False
    WTF_CSRF_TIME_LIMIT = None  # the session's own timeouts bound the token's life
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    # Number of proxies in front of the app (X-Forwarded-For/-Proto), 0 when none.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    PAGE_SIZE = 50
    # The map draws a dot per stakeholder up to this many, then counts per grid cell.
    MAP_MAX_DOTS = 2000
    MAP_MAX_DOTS_PER_CELL = 150
    # Recompute network metrics in a background thread of each web worker (a queued
    # job is claimed by exactly one of them). Off to run them only from `flask network`.
    NETWORK_BACKGROUND = os.environ.get("NETWORK_BACKGROUND", "1") == "1"


class TestConfig(Config):
    """Fast, isolated settings for the test suite."""

    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    ARGON2_FAST = True  # cheap hashing parameters so the suite stays quick
    NETWORK_BACKGROUND = False  # tests run queued recomputations explicitly
