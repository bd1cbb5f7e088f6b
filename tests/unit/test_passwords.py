"""Password policy (ASVS 6.2)."""

import pytest

from app.domain.passwords import password_problem


@pytest.mark.parametrize("short", ["", "a", "seven77"])
def test_passwords_under_eight_characters_are_refused(short):
    assert "at least 8" in password_problem(short)


@pytest.mark.parametrize("common", ["password", "Password1", "qwerty123", "letmein1", "12345678"])
def test_common_passwords_are_refused_whatever_the_case(common):
    assert "commonly used" in password_problem(common)


def test_sixty_four_characters_are_accepted():
    assert password_problem("a" * 30 + " long passphrase that goes on " + "b" * 4) is None
    assert password_problem("x" * 64) is None


def test_absurdly_long_passwords_are_refused():
    assert "at most" in password_problem("x" * 129)


def test_a_passphrase_is_fine():
    assert password_problem("correct horse battery staple") is None
