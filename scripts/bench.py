"""HTTP benchmark of the main pages at 100,000 stakeholders and 500,000 relationships.

Not run in CI. Usage (from the repository root, with the dev dependencies installed and
Debian's `wrk` on the PATH):

    .venv/bin/python scripts/bench.py [--db /tmp/groundwork-bench.db] [--seconds 3] [--rounds 4]

It builds the benchmark district with `flask demo --stakeholders 100000 --relationships
500000` into its own SQLite file when that file does not exist yet, serves the app with
gunicorn (2 sync workers) on 127.0.0.1, signs in, and runs wrk (16 connections, bounded
in time) against a bare 50-row Jinja page (scripts/ceiling_app.py, served the same way)
and each page in turn, for several rounds: on a shared machine the speed drifts, so each
page is compared with the ceiling of its own round. It prints a Markdown table: the
median requests/s, p50 and p99 over the rounds, and the ratio to the ceiling per round
and its median.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
APP_PORT, CEILING_PORT = 5081, 5082


def run(cmd: list[str], env: dict[str, str]) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def serve(target: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", target],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return proc
        except urllib.error.HTTPError:
            return proc  # the ceiling app has no /healthz: it answered, so it is up
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{target} did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the real form; return the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    opener.open(f"{base}/login", data=data.encode()).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(url: str, seconds: int, cookie: str | None, connections: int = 16) -> dict:
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)

    def pct(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": rps, "p50": pct("50"), "p99": pct("99"),
            "errors": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else ""}


def pages(base: str, env: dict[str, str]) -> list[tuple[str, str]]:
    """The URLs to measure, with ids and search terms picked from the benchmark data."""
    code = (
        "import sqlalchemy as sa\n"
        "from app import create_app, tenancy\n"
        "from app.extensions import db\n"
        "from app.models import District, Relationship, Stakeholder\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    d = db.session.scalar(\n"
        "        sa.select(District).where(District.name == 'Benchmark District'))\n"
        "    with tenancy.district_context(d.id):\n"
        "        deg = sa.union_all(sa.select(Relationship.source_id.label('s')),"
        " sa.select(Relationship.target_id.label('s'))).subquery()\n"
        "        rows = db.session.execute(sa.select(deg.c.s, sa.func.count()).group_by(deg.c.s)"
        ".having(sa.func.count() >= 50).limit(1)).first()\n"
        "        print(rows[0] if rows else 1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    busy_id = out[-1]
    return [
        ("List, first page", f"{base}/stakeholders/"),
        ("List, page 200", f"{base}/stakeholders/?page=200"),
        ("Search, common substring (\"son\")", f"{base}/stakeholders/?q=son"),
        ("Search, rare substring (\"zzq\")", f"{base}/stakeholders/?q=zzq"),
        ("Filtered list (parents, key players)",
         f"{base}/stakeholders/?group=parent&quadrant=key_players"),
        ("Sorted by engagement (scale order), page 200",
         f"{base}/stakeholders/?sort=engagement&page=200"),
        ("Sorted by quadrant (grid order), first page", f"{base}/stakeholders/?sort=quadrant"),
        ("Map (100,000 stakeholders)", f"{base}/map/"),
        (f"Detail, stakeholder with 50+ relationships (#{busy_id})",
         f"{base}/stakeholders/{busy_id}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/groundwork-bench.db")
    parser.add_argument("--seconds", type=int, default=3, help="per page per round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{args.db}", "FLASK_APP": "wsgi",
           "LOGIN_ATTEMPT_LIMIT": "1000 per minute"}
    flask = str(VENV_BIN / "flask")
    if not Path(args.db).exists():
        run([flask, "db", "upgrade"], env)
        run([flask, "demo", "--stakeholders", "100000", "--relationships", "500000",
             "--district", "Benchmark District"], env)
    app = serve("wsgi:app", APP_PORT, env)
    ceiling = serve("scripts.ceiling_app:app", CEILING_PORT, env)
    try:
        base = f"http://127.0.0.1:{APP_PORT}"
        cookie = sign_in(base, "admin@example.org", "groundwork-demo")
        targets = pages(base, env)
        # Sign-in opens the member's first district by name: "Benchmark District".
        home = urllib.request.Request(f"{base}/", headers={"Cookie": cookie})
        assert "Benchmark District" in urllib.request.urlopen(home).read().decode()  # noqa: S310
        for _label, url in targets:  # warm caches and the SQLite page cache
            wrk(url, 2, cookie, args.connections)
        ceiling_url = f"http://127.0.0.1:{CEILING_PORT}/ceiling"
        wrk(ceiling_url, 2, None, args.connections)
        # Rounds: the ceiling, then each page, again and again. A shared machine's speed
        # drifts over a minute; each page is compared with the ceiling of its own round.
        runs: dict[str, list[dict]] = {"ceiling": [], **{label: [] for label, _ in targets}}
        for _round in range(args.rounds):
            runs["ceiling"].append(wrk(ceiling_url, args.seconds, None, args.connections))
            for label, url in targets:
                runs[label].append(wrk(url, args.seconds, cookie, args.connections))
    finally:
        stop(app)
        stop(ceiling)
    print(f"\n{args.connections} connections, {args.rounds} rounds of {args.seconds} s per page, "
          f"gunicorn 2 sync workers, SQLite\n")
    print("| Page | Requests/s | p50 ms | p99 ms | vs ceiling (each round) | vs ceiling | "
          "non-2xx |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ceiling_rps = [r["rps"] for r in runs["ceiling"]]
    for label, results in runs.items():
        ratios = [r["rps"] / c for r, c in zip(results, ceiling_rps, strict=True)]
        name = "Ceiling: bare Flask 50-row Jinja table" if label == "ceiling" else label
        print(f"| {name} | {median(r['rps'] for r in results):.0f} | "
              f"{median(r['p50'] for r in results):.1f} | "
              f"{median(r['p99'] for r in results):.1f} | "
              f"{' '.join(f'{x:.2f}' for x in ratios)} | {median(ratios):.2f} | "
              f"{sum(r['errors'] for r in results)} |")


if __name__ == "__main__":
    main()
