"""The pager's page numbers."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.paging import page_links


def test_a_middle_page_shows_neighbours_and_both_ends_with_gaps():
    assert page_links(7, 20) == [1, None, 5, 6, 7, 8, 9, None, 20]


def test_near_the_start_there_is_no_gap_before():
    assert page_links(2, 10) == [1, 2, 3, 4, None, 10]


def test_a_single_page():
    assert page_links(1, 1) == [1]


@given(st.integers(1, 500).flatmap(lambda pages: st.tuples(st.integers(1, pages),
                                                           st.just(pages))))
def test_every_link_is_in_range_ordered_and_includes_the_current_page(case):
    page, pages = case
    links = page_links(page, pages)
    numbers = [n for n in links if n is not None]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1 and numbers[-1] == pages
    assert page in numbers
    assert links[0] is not None and links[-1] is not None
    assert all(not (a is None and b is None) for a, b in zip(links, links[1:], strict=False))
