"""Failed sign-ins per account: the app's one rate limit (SECURITY.md 15).

Counted with the `limits` library in a moving window, in memory by default or in Redis
(`RATELIMIT_STORAGE_URI`) so that several workers or hosts share the count. Only the
sign-in view asks: Flask-Limiter did this job before, but its hooks ran on every request
of every page (about 0.5 M instructions each) to find that no other route is limited.
"""

import math
import time

from flask import Flask, current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

_EXTENSION = "groundwork_sign_in_throttle"


class SignInThrottle:
    """How many sign-ins have failed for an account within the window."""

    def __init__(self, limit: str, storage_uri: str):
        self.limit = parse(limit)  # e.g. "5 per 15 minutes"
        self._window = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def is_locked(self, key: str) -> bool:
        """True once the account has used up its failed attempts for the window."""
        return not self._window.test(self.limit, key)

    def failed(self, key: str) -> None:
        """Count one failed sign-in for the account."""
        self._window.hit(self.limit, key)

    def retry_after(self, key: str) -> int:
        """Whole seconds until the account's oldest failure leaves the window."""
        reset_at = self._window.get_window_stats(self.limit, key).reset_time
        return max(1, math.ceil(reset_at - time.time()))


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = SignInThrottle(
        app.config["LOGIN_ATTEMPT_LIMIT"], app.config["RATELIMIT_STORAGE_URI"])


def sign_in_throttle() -> SignInThrottle:
    return current_app.extensions[_EXTENSION]
