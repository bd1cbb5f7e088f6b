"""argon2id password hashing, with rehash-on-login when parameters change."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_STANDARD = PasswordHasher()  # argon2id with the library's current recommended parameters
# Tests only: the same algorithm at minimal cost so hundreds of sign-ins stay fast.
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
# Equalises time for unknown accounts, so timing does not reveal who has an account.
_DUMMY_HASH = _STANDARD.hash("not-a-real-password-for-timing")


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("ARGON2_FAST") else _STANDARD


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; spends the same effort when there is no hash."""
    try:
        if password_hash is None:
            _STANDARD.verify(_DUMMY_HASH, password)
            return False
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash uses other parameters than the current ones."""
    return _hasher().check_needs_rehash(password_hash)
