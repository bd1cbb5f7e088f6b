"""Record ids read from user input: whole numbers the id columns of both databases hold."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, Rule

from app.domain.ids import MAX_ID, parse_id, record_id
from app.routing import NO_ID, IdConverter


@pytest.mark.parametrize(("value", "expected"), [
    ("1", 1), (" 42 ", 42), ("007", 7), (str(MAX_ID), MAX_ID), (5, 5), (MAX_ID, MAX_ID),
])
def test_whole_numbers_in_range_are_ids(value, expected):
    assert record_id(value) == expected
    assert parse_id(value) == expected


@pytest.mark.parametrize("value", [
    "", " ", "0", "-1", "+5", "1.5", "1e3", "abc", "12a", "²", "١٢", str(MAX_ID + 1),
    str(2**63), "9" * 40, 0, -3, MAX_ID + 1, True, None, 1.0,
])
def test_anything_else_is_not_an_id(value):
    with pytest.raises(ValueError):
        record_id(value)
    assert parse_id(value) is None


@given(st.integers())
def test_an_integer_is_an_id_exactly_when_a_column_holds_it(number):
    assert (parse_id(number) == number) is (1 <= number <= MAX_ID)
    assert parse_id(str(number)) == parse_id(number)


@given(st.text())
def test_text_is_an_id_only_when_it_is_ascii_digits(text):
    found = parse_id(text)
    assert found is None or (text.strip().isascii() and text.strip().isdigit()
                             and str(found) == text.strip().lstrip("0"))


def test_a_path_id_past_the_columns_is_nobodys():
    url_map = Map([Rule("/things/<int:thing_id>", endpoint="thing")],
                  converters={"int": IdConverter})
    urls = url_map.bind("example.org")
    assert urls.match(f"/things/{MAX_ID}") == ("thing", {"thing_id": MAX_ID})
    for number in (MAX_ID + 1, 2**63, 10**40):
        assert urls.match(f"/things/{number}") == ("thing", {"thing_id": NO_ID})
    with pytest.raises(NotFound):
        urls.match("/things/-1")
