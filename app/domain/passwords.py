"""Password policy (OWASP ASVS 6.2): length and a common-password check."""

from functools import cache
from importlib.resources import files
from typing import Final

MIN_LENGTH: Final = 8
MAX_LENGTH: Final = 128


@cache
def _common_passwords() -> frozenset[str]:
    text = files("app.domain").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str) -> str | None:
    """Why a new password is refused, in words for the user; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in _common_passwords():
        return "That password is on a list of commonly used passwords; choose another."
    return None
