"""`flask demo`: load the fictional demo districts, or a large seeded benchmark district.

The districts are built by app.demo_districts (with app.demo_generator) and written by
app.demo_write; this module makes the district and its logins, and times the load.
"""

import time
from datetime import UTC, datetime

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from app import audit, demo_outreach, tenancy
from app.auth.passwords import hash_password, verify_password
from app.demo_districts import build_benchmark, build_demo
from app.demo_write import seat_table, write
from app.extensions import db
from app.models import District, Membership, User
from app.services import demo_data as data
from app.services import network

DEFAULT_SEED = 2026


def _fresh_district(name: str, reset: bool) -> District | None:
    """A new, empty district called `name`; None when it exists and no reset was asked for."""
    existing = db.session.scalar(sa.select(District).where(District.name == name))
    if existing is not None:
        if not reset:
            click.echo(f"{name!r} already exists; nothing changed (use --reset to reload it).")
            return None
        click.echo(f"Deleting {name!r} and everything in it ...")
        districts = District.__table__
        # The database cascades the delete to every row of the district (ON DELETE CASCADE).
        db.session.execute(sa.delete(districts).where(districts.c.id == existing.id))
        db.session.expunge(existing)
        db.session.expire_all()
    district = District(name=name)
    db.session.add(district)
    db.session.flush()
    return district


def _member(key: str, district_id: int, role: str) -> int:
    """The demo user `key` (created with the demo password if new), given `role`."""
    demo_user = next(u for u in data.USERS if u.key == key)
    user = db.session.scalar(sa.select(User).where(User.email == demo_user.email))
    if user is None:
        user = User(email=demo_user.email, name=demo_user.name,
                    password_hash=hash_password(data.DEMO_PASSWORD))
        db.session.add(user)
        db.session.flush()
    db.session.add(Membership(user_id=user.id, district_id=district_id, role=role))
    db.session.flush()
    return user.id


# A demo district's network metrics are computed during the load (a second or so);
# a benchmark district's are left queued for the background worker or
# `flask network recompute`.
SMALL_ENOUGH_TO_COMPUTE_NOW = 5000


def _load(name: str, reset: bool, members, build, seed: int, outreach) -> None:
    """Create (or re-create) district `name`, its demo memberships, and what `build` makes."""
    started = time.perf_counter()
    district = _fresh_district(name, reset)
    if district is None:
        return
    user_ids = {key: _member(key, district.id, role) for key, role in members}
    with tenancy.district_context(district.id):
        prepared = time.perf_counter()
        gen = build(user_ids)
        generated = time.perf_counter()
        counts = write(district.id, gen)
        counts["seats"] = seat_table(district.id, data.SEATS.get(name, ()))
        counts.update(outreach(district.id, user_ids, datetime.now(UTC), seed))
        audit.record(db.session, "demo_load", "District", district.id, name,
                     changes={"seed": {"after": seed},
                              **{k: {"after": v} for k, v in counts.items()}})
        # Bulk inserts bypass the ORM hooks: queue the network recomputation explicitly.
        network.mark_changed(db.session, district.id)
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # Fresh statistics, so the planner picks the district-leading indexes at once.
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    if counts["stakeholders"] <= SMALL_ENOUGH_TO_COMPUTE_NOW:
        network.run_pending_jobs(db.session, worker="flask demo")
    done = time.perf_counter()
    click.echo(f"{name}: {counts['stakeholders']:,} stakeholders, "
               f"{counts['relationships']:,} relationships, {counts['assessments']:,} "
               f"assessments, {counts['affiliations']:,} affiliations, {counts['schools']} "
               f"schools, {counts.get('interactions', 0):,} interactions, "
               f"{counts.get('partnerships', 0):,} partnerships, "
               f"{counts.get('list_members', 0):,} list members in {done - started:.1f} s "
               "(reset and logins "
               f"{prepared - started:.1f} s, generate {generated - prepared:.1f} s, "
               f"insert {done - generated:.1f} s).")


def _print_logins(district_names: list[str]) -> None:
    emails = [u.email for u in data.USERS]
    rows = db.session.execute(
        sa.select(User.email, User.password_hash, Membership.role, District.name)
        .join(Membership, Membership.user_id == User.id)
        .join(District, District.id == Membership.district_id)
        .where(User.email.in_(emails), District.name.in_(district_names))
        .order_by(District.name.desc(), Membership.id)
    ).all()
    works = {e: verify_password(h, data.DEMO_PASSWORD) for e, h, _r, _d in rows}
    table = [("Email", "Role", "District", "Password")] + [
        (e, r, d, data.DEMO_PASSWORD if works[e] else "(changed since; not reset)")
        for e, _h, r, d in rows]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    click.echo(f"\nRun `flask run` and open {data.DEMO_URL}. Demo logins:")
    for row in table:
        cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        click.echo(("  " + "  ".join(cells)).rstrip())


@click.command("demo")
@click.option("--reset", is_flag=True,
              help="Delete the district and all its data first, then load it again.")
@click.option("--stakeholders", type=click.IntRange(min=50),
              help="Build a benchmark district of this many stakeholders instead of the demo.")
@click.option("--relationships", type=click.IntRange(min=0),
              help="Relationships in the benchmark district [default: 5 per stakeholder].")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Random seed: the same seed gives the same data.")
@click.option("--district", "district_name",
              help=f"Benchmark district name [default: {data.BENCHMARK_DISTRICT}].")
@with_appcontext
def demo_command(reset: bool, stakeholders: int | None, relationships: int | None, seed: int,
                 district_name: str | None) -> None:
    """Load the Maple Valley demo district (and Lakeshore Unified), or a benchmark district."""
    if stakeholders is None and (relationships is not None or district_name):
        raise click.UsageError("--relationships and --district go with --stakeholders.")
    started, now = time.perf_counter(), datetime.now(UTC)
    with audit.acting_as(None, "demo loader"):
        if stakeholders is None:
            names = []
            for offset, spec in enumerate((data.MAPLE_VALLEY, data.LAKESHORE)):
                _load(spec.name, reset, spec.members,
                      lambda ids, spec=spec, s=seed + offset: build_demo(spec, s, ids, now),
                      seed + offset, demo_outreach.seed_demo)
                names.append(spec.name)
        else:
            relationships = 5 * stakeholders if relationships is None else relationships
            if relationships > stakeholders * (stakeholders - 1) // 4:
                raise click.UsageError("Too many relationships for that many stakeholders.")
            name = (district_name or data.BENCHMARK_DISTRICT).strip()
            if db.session.get_bind().dialect.name == "sqlite":
                db.session.execute(sa.text("PRAGMA cache_size=-262144"))  # 256 MB for the indexes
            _load(name, reset, (("admin", "admin"),),
                  lambda ids: build_benchmark(name, stakeholders, relationships, seed,
                                              ids["admin"], now), seed,
                  demo_outreach.seed_benchmark)
            names = [name]
    click.echo(f"Finished in {time.perf_counter() - started:.1f} s.")
    _print_logins(names)
