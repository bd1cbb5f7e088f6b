"""Response headers, HTTPS-aware cookies and the sign-in guard applied to every request."""

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import BadRequest

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


class UnstorableText(BadRequest):
    """A query string or form with a NUL character in it."""

    user_message = ("The text you sent contains a NUL character (\\0), which can't be "
                    "stored or searched for. Remove it and try again.")


def refuse_unstorable_text() -> None:
    """before_request: refuse text with a NUL character before any query sees it.

    No person types one, and no column can hold one: PostgreSQL refuses it in any text
    value, and SQLite's full-text search stops reading a phrase at it. Either way the
    request would end in a 500 half-way through; this makes it a clear 400 up front.
    """
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                raise UnstorableText()


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def set_security_headers(response: Response) -> Response:
    """Add CSP, nosniff, referrer, framing, HSTS and no-store headers to a response."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # same-origin keeps the Referer Flask-WTF checks on HTTPS posts (never no-referrer).
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static":
        # Pages hold personal data: keep them out of shared and browser caches.
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Vary", "Cookie")
    return response
