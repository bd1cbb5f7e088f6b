"""In-process benchmark of issue 5's pages, and of the concern register and key messages,
on the benchmark district (not run in CI).

    .venv/bin/python scripts/bench_outreach.py [--db /tmp/groundwork-bench.db] [--runs 20]

Needs the district built by `flask demo --stakeholders 100000 --relationships 500000`
(scripts/bench.py builds it when the file is missing), which holds a 10,000-member
outreach list, 1,000 open follow-ups for the admin and one stakeholder with 2,000
interactions. Signs in as the demo admin through the real form, then times each page
through Flask's test client (the whole request: guard, session, queries, templates) and
the CSV export consumed as a stream, with its peak Python memory (tracemalloc). Prints a
Markdown table.
"""

import argparse
import os
import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _sign_in(client) -> None:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "admin@example.org",
                                           "password": "groundwork-demo", "csrf_token": token})
    assert response.status_code == 302, "sign-in failed"  # noqa: S101 - a script's check


def _time(client, url: str, runs: int, headers: dict | None = None) -> tuple[float, float, int]:
    client.get(url, headers=headers)  # warm caches and templates
    times, status = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(times), max(times), status


def _time_check(client, runs: int) -> tuple[float, float, int]:
    """The wording check on a draft at its 4,000-character limit (a POST)."""
    page = client.get("/messages/glossary").text
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    draft = ("Dear families, our customized learning plans let every student show mastery "
             "at their own pace. ") * 44
    data = {"text": draft[:4000], "csrf_token": token}
    headers = {"HX-Request": "true", "HX-Target": "wording-result"}
    times, status = [], 0
    for _ in range(runs + 1):
        started = time.perf_counter()
        status = client.post("/messages/check", data=data, headers=headers).status_code
        times.append((time.perf_counter() - started) * 1000)
    times.pop(0)  # the first warmed caches
    return statistics.median(times), max(times), status


def _export(client, url: str) -> tuple[float, float, int, int]:
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url, buffered=False)
    size = rows = 0
    for chunk in response.response:
        size += len(chunk)
        rows += chunk.count(b"\n")
    response.close()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, size, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/groundwork-bench.db")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("NETWORK_BACKGROUND", "0")

    import sqlalchemy as sa

    from app import create_app, tenancy
    from app.extensions import db
    from app.models import District, InteractionParticipant, OutreachList

    app = create_app()
    with app.app_context():
        district = db.session.scalar(sa.select(District).where(District.name.like("Benchmark%")))
        with tenancy.district_context(district.id):
            big = db.session.scalar(sa.select(OutreachList.id)
                                    .order_by(OutreachList.id.desc()).limit(1))
            busiest = db.session.execute(
                sa.select(InteractionParticipant.stakeholder_id, sa.func.count())
                .group_by(InteractionParticipant.stakeholder_id)
                .order_by(sa.func.count().desc()).limit(1)).one()
    client = app.test_client()
    _sign_in(client)
    pages = [
        ("Outreach lists", "/outreach/", None),
        ("10,000-member list, first page", f"/outreach/{big}", None),
        ("10,000-member list, page 150", f"/outreach/{big}?page=150", None),
        ("My week (1,000 open follow-ups)", "/week/", None),
        (f"Timeline panel ({busiest[1]:,} interactions)",
         f"/engagement/panel/{busiest[0]}", {"HX-Request": "true"}),
        ("Engagement log, first page", "/engagement/", None),
        ("Partnership pipeline", "/partnerships/", None),
        ("Suggested partners", "/partnerships/suggestions", None),
        ("Concern register, open, first page", "/engagement/concerns", None),
        ("Concern register, all, page 100", "/engagement/concerns?status=all&page=100", None),
        ("Concern register, words \"transcripts\"",
         "/engagement/concerns?status=all&q=transcripts", None),
        ("You said, we did (this term)", "/engagement/concerns/you-said-we-did", None),
        ("You said, we did (all time, 300 answers)",
         "/engagement/concerns/you-said-we-did?from=2000-01-01", None),
        ("Key messages", "/messages/", None),
        ("Glossary", "/messages/glossary", None),
    ]
    print("| Page | median ms | max ms | status |\n|---|---:|---:|---:|")
    for label, url, headers in pages:
        median, worst, status = _time(client, url, args.runs, headers)
        print(f"| {label} | {median:.1f} | {worst:.1f} | {status} |", flush=True)
    median, worst, status = _time_check(client, args.runs)
    print(f"| Wording check, a 4,000-character draft (htmx) | {median:.1f} | {worst:.1f} "
          f"| {status} |", flush=True)
    seconds, peak, size, rows = _export(client, f"/outreach/{big}/export.csv")
    print(f"\nExport of the 10,000-member list: {rows - 1:,} rows, {size / 2**20:.1f} MB in "
          f"{seconds:.2f} s; peak Python memory while streaming {peak:.1f} MB.")


if __name__ == "__main__":
    main()
