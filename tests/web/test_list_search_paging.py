"""Search pages read two ways (the substring index, or the sort order testing the text)
show the same stakeholders in the same order: which way is only a matter of speed."""

import re

import pytest

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services import stakeholder_query
from app.services import stakeholders as svc

NEUTRAL = svc.Ratings(3, 3, "neutral", "supportive", False, True, False)
ROWS = {"HX-Request": "true", "HX-Target": "stakeholder-rows"}
NAMES = [
    "Ana Johnson", "Bo Sonnenberg", "Carla Jónsdóttir", "Dee Madison", "Ed Wilson",
    "Fay Sønsteby", "Gus Mason-Smith", "Hal SON", "Ivy Robinson", "Jo Allison",
    "Kim Larsen", "Lou Garçon", "Mo Benson & Sons", "Ned Parsons", "Oz <son>",
]
QUERIES = ["son", "SON", "sön", "n s", "on-s", "ça", "<son>", "& sons", "zzq", "onsd"]


def _add(app, district, name: str, group: str) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name=name, group=group)
        svc.rate(db.session, s, NEUTRAL, by_user_id=None)
        svc.set_labels(db.session, s, tags=["Sonic club"] if "Kim" in name else [])
        svc.refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def _pages(client, query: str, **args) -> list[list[int]]:
    pages = []
    for page in (1, 2, 3):
        html = client.get("/stakeholders/", headers=ROWS,
                          query_string={"q": query, "page": page, **args}).text
        pages.append([int(n) for n in re.findall(r'<tr id="stakeholder-(\d+)"', html)])
    return pages


@pytest.mark.parametrize("sort", ["name", "gap"])
def test_both_ways_of_reading_a_search_page_agree(app, client, login_as, district, monkeypatch,
                                                  sort):
    for i, name in enumerate(NAMES):
        _add(app, district, name, "parent" if i % 2 else "business")
    app.config["PAGE_SIZE"] = 3
    login_as("viewer")
    for query in QUERIES:
        for extra in ({}, {"group": "parent"}):
            monkeypatch.setattr(stakeholder_query, "SCAN_BUDGET", 0)  # the index
            by_index = _pages(client, query, sort=sort, **extra)
            monkeypatch.setattr(stakeholder_query, "SCAN_BUDGET", 10**9)  # the sort order
            by_scan = _pages(client, query, sort=sort, **extra)
            assert by_index == by_scan, (query, extra)
    monkeypatch.setattr(stakeholder_query, "SCAN_BUDGET", 0)
    assert _pages(client, "son")[0], "the fixture has matches"
