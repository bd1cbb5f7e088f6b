"""Which page numbers a pager offers."""


def page_links(page: int, pages: int) -> list[int | None]:
    """The first and last page and two either side of `page`, in order; None marks a gap.

    page_links(7, 20) == [1, None, 5, 6, 7, 8, 9, None, 20]
    """
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links: list[int | None] = []
    for n in wanted:
        if links and n - links[-1] > 1:
            links.append(None)
        links.append(n)
    return links
