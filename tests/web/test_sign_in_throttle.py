"""The failed sign-in count shared through Redis, as production runs it (SECURITY.md 15).

Needs a Redis server: set TEST_REDIS_URL (CI does, to this machine's Redis).
"""

import os
import uuid

import pytest

from app.auth.throttle import SignInThrottle

REDIS_URL = os.environ.get("TEST_REDIS_URL")

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="set TEST_REDIS_URL to a Redis server")


def test_workers_sharing_redis_share_an_accounts_failed_attempts():
    account = f"login:{uuid.uuid4().hex}@example.org"
    worker_a = SignInThrottle("3 per 15 minutes", REDIS_URL)
    worker_b = SignInThrottle("3 per 15 minutes", REDIS_URL)
    worker_a.failed(account)
    worker_b.failed(account)
    assert not worker_a.is_locked(account)
    worker_a.failed(account)
    assert worker_b.is_locked(account), "the third failure, counted by the other worker"
    assert 0 < worker_b.retry_after(account) <= 15 * 60
    assert not worker_b.is_locked(f"login:{uuid.uuid4().hex}@example.org")
