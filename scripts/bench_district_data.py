"""Time exporting and deleting the benchmark district (not run in CI; it deletes!).

    cp /tmp/groundwork-bench.db /tmp/delete-me.db
    .venv/bin/python scripts/bench_district_data.py --url sqlite:////tmp/delete-me.db

Works on a copy of the district built by `flask demo --stakeholders 100000
--relationships 500000` (SQLite, or a PostgreSQL database it was loaded into, given as a
SQLAlchemy URL). Streams the whole-district ZIP export to nowhere, counting its bytes,
then deletes the district as the Data page does and checks nothing is left. Prints the
figures for docs/PERFORMANCE.md.
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="a copy of the benchmark database")
    parser.add_argument("--keep", action="store_true", help="export only; do not delete")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.url
    os.environ.setdefault("NETWORK_BACKGROUND", "0")

    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import District
    from app.services import district_data as svc

    app = create_app()
    with app.app_context():
        district_id, name = db.session.execute(
            sa.select(District.id, District.name).where(District.name.like("Benchmark%"))).one()
        db.session.remove()
        started, size = time.perf_counter(), 0
        for chunk in svc.export_zip(district_id, name, datetime.now(UTC), "bench"):
            size += len(chunk)
        print(f"Export: {size / 2**20:.1f} MB in {time.perf_counter() - started:.1f} s")
        if args.keep:
            return
        started = time.perf_counter()
        with db.engine.begin() as connection:
            svc.delete_district(connection, district_id)
        print(f"Delete (with the check that no row is left): "
              f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
