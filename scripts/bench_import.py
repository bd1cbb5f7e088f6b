"""Timing of the register's CSV export and of a CSV import, at 100,000 stakeholders.

Not run in CI. Copies the benchmark database (scripts/bench.py builds it) so the import
leaves it as it was, signs in as the demo admin through the Flask test client, times
the export of the whole register (streamed), and then each step of importing a generated
file of `--rows` rows: the upload (read and kept), the check (every row through the
register's form, likely duplicates against the whole district), a page of the check,
and adding them all. One row in ten is a likely
duplicate of someone in the district (the same email), one in five names an
organisation, a tenth of those one the district already has. Usage:

    .venv/bin/python scripts/bench_import.py [--db /tmp/groundwork-bench.db] [--rows 2500]
"""

import argparse
import io
import os
import random
import re
import resource
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_outreach import _sign_in  # noqa: E402

FIRST = ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo", "Kai", "Lea"]
SYLLABLES = ["qu", "ro", "sa", "tho", "um", "va", "wre", "xe", "ya", "zo", "bel", "cor",
             "dan", "fi", "gor", "hul", "ish", "jen", "kel", "lom"]


def _surname(rng: random.Random) -> str:
    """One of 8,000 made-up surnames (no digits: they would make names alike)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).title()


def _file(rows: int, existing: list[tuple[str, str]], orgs: list[str]) -> bytes:
    rng = random.Random(7)  # noqa: S311 - test data, not security
    out = io.StringIO()
    out.write("Name,Email,Phone,Group,Organisation,Title,Languages,Tags\r\n")
    for i in range(rows):
        name = f"{rng.choice(FIRST)} {_surname(rng)}"
        email = f"import{i}@example.net"
        if i % 10 == 0 and existing:
            name, email = rng.choice(existing)
        org = title = ""
        if i % 5 == 1:
            org = rng.choice(orgs) if i % 50 == 1 else f"Imported Org {i % 300}"
            title = "Manager"
        out.write(f'"{name}","{email}","614-555-{i % 10000:04d}","Parent/family","{org}",'
                  f'"{title}","Spanish; English","PTA"\r\n')
    return out.getvalue().encode()


def _relationships(client, token, app, district_id, rows, timed) -> None:
    """A file of `rows` ties between stakeholders of the district, each side by email."""
    import sqlalchemy as sa

    from app import tenancy
    from app.extensions import db
    from app.models import Stakeholder

    with app.app_context(), tenancy.district_context(district_id):
        emails = db.session.scalars(
            sa.select(Stakeholder.email).where(Stakeholder.email != "")
            .group_by(Stakeholder.email).having(sa.func.count() == 1)
            .limit(2 * rows)).all()
    lines = ["From,To,Type,Strength"] + [
        f"{emails[2 * i]},{emails[2 * i + 1]},Colleague,2" for i in range(len(emails) // 2)]
    data = "\n".join(lines).encode()
    print(f"\nA file of {len(lines) - 1:,} relationships, each side by email\n")
    print("| Step | seconds | status |\n|---|---:|---:|")
    response = timed("Upload", lambda: client.post(
        "/import/", data={"csrf_token": token, "kind": "relationships",
                          "file": (io.BytesIO(data), "ties.csv")},
        content_type="multipart/form-data"))
    import_id = int(response.headers["Location"].rsplit("/", 1)[1])
    form = {"csrf_token": token, "col_0": "from", "col_1": "to", "col_2": "type",
            "col_3": "strength"}
    timed("Check every row (both sides found, pairs already linked)",
          lambda: client.post(f"/import/{import_id}", data=form))
    timed("Add them all (checked again first)",
          lambda: client.post(f"/import/{import_id}/add", data={"csrf_token": token}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/groundwork-bench.db")
    parser.add_argument("--rows", type=int, default=2500)
    args = parser.parse_args()
    copy = "/tmp/groundwork-import-bench.db"
    with sqlite3.connect(args.db) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the WAL's pages too, which a file copy would miss
    os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ.setdefault("NETWORK_BACKGROUND", "0")

    import sqlalchemy as sa

    from app import create_app, tenancy
    from app.extensions import db
    from app.models import District, Stakeholder

    app = create_app()
    with app.app_context():
        district = db.session.scalar(sa.select(District).where(District.name.like("Benchmark%")))
        with tenancy.district_context(district.id):
            existing = db.session.execute(
                sa.select(Stakeholder.name, Stakeholder.email)
                .where(Stakeholder.email != "").limit(2000)).tuples().all()
            orgs = db.session.scalars(sa.select(Stakeholder.name).where(
                Stakeholder.kind == "organisation").limit(50)).all()
            total = db.session.scalar(sa.select(sa.func.count()).select_from(Stakeholder))
    data = _file(args.rows, existing, orgs)
    client = app.test_client()
    _sign_in(client)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/import/").text).group(1)

    def timed(label, call):
        started = time.perf_counter()
        response = call()
        print(f"| {label} | {time.perf_counter() - started:.2f} | {response.status_code} |",
              flush=True)
        return response

    started = time.perf_counter()
    response = client.get("/stakeholders/export.csv", buffered=False)
    size = lines = 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    response.close()
    print(f"Export of the whole register: {size / 2**20:.1f} MB, {lines:,} lines (with "
          f"line breaks inside notes) in {time.perf_counter() - started:.2f} s\n")
    print(f"{args.rows:,} rows ({len(data) / 2**20:.1f} MB) into a district of {total:,}\n")
    print("| Step | seconds | status |\n|---|---:|---:|")
    response = timed("Upload (read and keep the file)", lambda: client.post(
        "/import/", data={"csrf_token": token, "file": (io.BytesIO(data), "bench.csv")},
        content_type="multipart/form-data"))
    import_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/import/{import_id}").text
    form = {"csrf_token": token, "duplicates": "skip", "tag": "bench import",
            "owner_id": re.search(r'name="owner_id".*?<option selected value="(\d+)"', page,
                                  re.S).group(1)}
    for name, body in re.findall(r'<select[^>]*name="(col_\d+)"[^>]*>(.*?)</select>', page,
                                 re.S):
        form[name] = re.search(r'<option selected value="([^"]*)"', body).group(1)
    timed("Check every row (form, duplicates, organisations)",
          lambda: client.post(f"/import/{import_id}", data=form))
    review = timed("A page of the check", lambda: client.get(f"/import/{import_id}/check"))
    counts = re.findall(r'<span class="stat-value">([\d,]+)</span> <span class="stat-label">'
                        r'([^<]+)</span>', review.text)
    print("| (" + "; ".join(f"{n} {label}" for n, label in counts) + ") | | |")
    timed("Add them all (checked again first)",
          lambda: client.post(f"/import/{import_id}/add", data={"csrf_token": token}))
    _relationships(client, token, app, district.id, args.rows, timed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak resident memory of the process: {peak:.0f} MB")
    os.remove(copy)


if __name__ == "__main__":
    main()
