"""In-process timing of the benchmarked pages (the URLs of scripts/bench.py).

Not run in CI. Signs in as the demo admin through the Flask test client, warms each
page, then times N requests: median wall and process-CPU milliseconds per request, the
time spent in the database driver's execute (SQLite produces rows while they are
fetched, so a query that reads many rows shows up under CPU, not here) and the number
of statements. CPU time per request is a fair comparison between two versions of the
code even when the machine is busy, which wrk's requests/s is not. Usage (from the
repository root):

    .venv/bin/python scripts/profile_pages.py [--db /tmp/groundwork-bench.db] [-n 30]
        [--only list] [--htmx] [--profile detail] [--top 20]

--only keeps the pages whose label contains the word; --htmx also times the htmx
fragment each page answers to; --profile runs cProfile over the requests of the pages
matching the word and prints the top functions by internal and cumulative time.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent  # not resolved: a linked copy stays itself
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _busy_stakeholder(app) -> int:
    """A stakeholder of the benchmark district with 50 or more relationships."""
    import sqlalchemy as sa

    from app import tenancy
    from app.extensions import db
    from app.models import District, Relationship

    with app.app_context():
        d = db.session.scalar(sa.select(District).where(District.name == "Benchmark District"))
        with tenancy.district_context(d.id):
            deg = sa.union_all(sa.select(Relationship.source_id.label("s")),
                               sa.select(Relationship.target_id.label("s"))).subquery()
            row = db.session.execute(
                sa.select(deg.c.s, sa.func.count()).group_by(deg.c.s)
                .having(sa.func.count() >= 50).limit(1)).first()
            return row[0] if row else 1


def _pages(busy_id: int) -> list[tuple[str, str, str | None]]:
    """(label, URL, the htmx target its fragment answers to)."""
    return [
        ("list first page", "/stakeholders/", "stakeholder-rows"),
        ("list page 200", "/stakeholders/?page=200", "stakeholder-rows"),
        ("search common 'son'", "/stakeholders/?q=son", "stakeholder-rows"),
        ("search rare 'zzq'", "/stakeholders/?q=zzq", "stakeholder-rows"),
        ("filtered list", "/stakeholders/?group=parent&quadrant=key_players",
         "stakeholder-rows"),
        ("map", "/map/", "map-panel"),
        (f"detail #{busy_id}", f"/stakeholders/{busy_id}", None),
        # Beyond the seven pages of the benchmark (scripts/bench.py):
        ("map of 485 dots", "/map/?group=elected", "map-panel"),
        ("movement this term", "/stakeholders/movement", "movement-results"),
        ("movement resistant->supp.", "/stakeholders/movement?from=resistant&to=supportive",
         "movement-people"),
    ]


def _time_movement_cold(app, client, n: int) -> float:
    """Median ms of the movement page when its answer is not remembered (the first view
    after any change in the district)."""
    from app.extensions import db

    with app.app_context():
        caches = db.engine.__dict__
    times = []
    for _ in range(n):
        caches.pop("_groundwork_movement", None)
        started = time.perf_counter()
        assert client.get("/stakeholders/movement").status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class SqlTimer:
    """Adds up the time spent between cursor execute and the end of the statement."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.total = 0.0
        self.statements = 0
        self._start: list[float] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_args):
        self._start.append(time.perf_counter())

    def _after(self, *_args):
        self.total += time.perf_counter() - self._start.pop()
        self.statements += 1


def _sign_in(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "admin@example.org",
                                           "password": "groundwork-demo",
                                           "csrf_token": token})
    assert response.status_code in (302, 303), response.status_code
    home = client.get("/").get_data(as_text=True)
    assert "Benchmark District" in home, "sign-in did not open the Benchmark District"


def _time_all(targets: list[tuple[str, object, str, dict]], n: int, sql: SqlTimer) -> dict:
    """Time every (name, client, url, headers) n times, round-robin: one request of each
    in turn, so a slow moment of a shared machine falls on all of them alike."""
    for _name, client, url, headers in targets:
        for _ in range(3):  # warm
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)
    cpus: dict[str, list[float]] = {t[0]: [] for t in targets}
    walls: dict[str, list[float]] = {t[0]: [] for t in targets}
    sql_time = dict.fromkeys(cpus, 0.0)
    statements = dict.fromkeys(cpus, 0)
    sizes = {}
    for _ in range(n):
        for name, client, url, headers in targets:
            sql.total, sql.statements = 0.0, 0
            w0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url, headers=headers)
            sizes[name] = len(response.get_data())
            cpus[name].append(time.process_time() - c0)
            walls[name].append(time.perf_counter() - w0)
            sql_time[name] += sql.total
            statements[name] += sql.statements
    return {name: {"cpu": statistics.median(cpus[name]) * 1000,
                   "min": min(cpus[name]) * 1000,
                   "wall": statistics.median(walls[name]) * 1000,
                   "sql": sql_time[name] / n * 1000, "statements": statements[name] / n,
                   "bytes": sizes[name]}
            for name in cpus}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/groundwork-bench.db")
    parser.add_argument("-n", type=int, default=30, help="timed requests per page")
    parser.add_argument("--only", help="only pages whose label contains this")
    parser.add_argument("--htmx", action="store_true", help="also time the htmx fragments")
    parser.add_argument("--profile", help="cProfile the pages whose label contains this")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ["NETWORK_BACKGROUND"] = "0"
    os.environ.setdefault("LOGIN_ATTEMPT_LIMIT", "1000 per minute")

    from app import create_app
    from app.extensions import db

    app = create_app()
    with app.app_context():
        sql = SqlTimer(db.engine)
    client = app.test_client()
    _sign_in(client)
    pages = _pages(_busy_stakeholder(app))
    if args.only:
        pages = [p for p in pages if args.only in p[0]]
    print(f"{'page':<28} {'cpu ms':>8} {'min ms':>7} {'wall ms':>8} {'sql ms':>7} {'stmts':>6} "
          f"{'KiB':>6}")
    # The ceiling of scripts/bench.py (a bare 50-row Jinja page), timed in the same
    # rounds, so the ratio of each page to it can be read off one run.
    from ceiling_app import app as ceiling_app

    targets = [("ceiling (bare 50-row page)", ceiling_app.test_client(), "/ceiling", {})]
    for label, url, target in pages:
        targets.append((label, client, url, {}))
        if args.htmx and target:
            # The label's trailing spaces keep it apart from the other pages' fragments.
            targets.append((f"  htmx #{target}" + " " * len(targets), client, url,
                            {"HX-Request": "true", "HX-Target": target}))
    results = _time_all(targets, args.n, sql)
    ceiling = results[targets[0][0]]
    for name, r in results.items():
        print(f"{name.rstrip():<28} {r['cpu']:8.2f} {r['min']:7.2f} {r['wall']:8.2f} "
              f"{r['sql']:7.2f} {r['statements']:6.1f} {r['bytes'] / 1024:6.1f}  "
              f"x{r['cpu'] / ceiling['cpu']:.1f}", flush=True)
    if not args.only or args.only in "movement this term":
        print(f"movement this term, its answer not remembered (first view after a change): "
              f"{_time_movement_cold(app, client, 5):.0f} ms wall", flush=True)
    if args.profile:
        chosen = [p for p in pages if args.profile in p[0]]
        profiler = cProfile.Profile()
        for _label, url, _target in chosen:
            client.get(url)
            profiler.enable()
            for _ in range(args.n):
                client.get(url).get_data()
            profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top * 2)


if __name__ == "__main__":
    main()
