"""Command-line tools: `flask users create`, `flask districts create`, `flask demo`."""

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from app import audit, tenancy
from app.auth.passwords import hash_password
from app.domain.passwords import password_problem
from app.domain.vocab import ROLES
from app.extensions import db
from app.models import District, Membership, User

users_cli = AppGroup("users", help="Manage user accounts.")
network_cli = AppGroup("network", help="Network metrics for the champion finder.")
districts_cli = AppGroup("districts", help="Manage districts.")


def get_or_create_district(name: str) -> District:
    """The district with this name, created if it does not exist yet."""
    district = db.session.scalar(sa.select(District).where(District.name == name))
    if district is None:
        district = District(name=name)
        db.session.add(district)
        db.session.flush()
    return district


@districts_cli.command("create")
@click.argument("name")
def create_district(name: str) -> None:
    """Create a district called NAME."""
    with tenancy.unscoped():
        district = get_or_create_district(name.strip())
        db.session.commit()
    click.echo(f"District {district.name!r} (id {district.id}) is ready.")


@users_cli.command("create")
@click.option("--email", prompt=True, help="Sign-in email address.")
@click.option("--name", prompt=True, help="The person's name.")
@click.option("--district", "district_name", prompt=True, help="District name (created if new).")
@click.option(
    "--role", type=click.Choice([r for r, _ in ROLES]), default="admin", show_default=True
)
@click.password_option(help="Password (prompted, with confirmation, when omitted).")
def create_user(email: str, name: str, district_name: str, role: str, password: str) -> None:
    """Create a user (or add an existing one) with a role in a district."""
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    email = email.strip().lower()
    with tenancy.unscoped(), audit.acting_as(None, "command line"):
        district = get_or_create_district(district_name.strip())
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name.strip(), password_hash=hash_password(password))
            db.session.add(user)
            db.session.flush()
        existing = user.role_in(district.id)
        if existing is None:
            db.session.add(Membership(user_id=user.id, district_id=district.id, role=role))
        else:
            db.session.execute(
                sa.update(Membership)
                .where(Membership.user_id == user.id, Membership.district_id == district.id)
                .values(role=role)
            )
        db.session.commit()
    click.echo(f"{email} is {role} of {district.name}.")


@network_cli.command("recompute")
@click.option("--district", "district_name", required=True, help="District name.")
def recompute_network(district_name: str) -> None:
    """Recompute a district's network metrics now (pages never wait for this)."""
    from app.services import network

    with tenancy.unscoped():
        district = db.session.scalar(sa.select(District).where(District.name == district_name))
    if district is None:
        raise click.BadParameter(f"No district called {district_name!r}.",
                                 param_hint="--district")
    job = network.recompute_now(db.session, district.id)
    if job is None:
        raise click.ClickException("The recomputation failed; see the log.")
    click.echo(f"{district.name}: {job.nodes:,} stakeholders, {job.edges:,} relationships "
               f"in {job.seconds:.1f} s ({job.method}).")


@network_cli.command("work")
def work_network() -> None:
    """Run queued recomputations of every district until none is left (cron-friendly)."""
    from app.services import network

    ran = network.run_pending_jobs(db.session, worker="flask network work")
    click.echo(f"Ran {ran} recomputation(s).")


def register_cli(app: Flask) -> None:
    """Attach the command groups to the app."""
    app.cli.add_command(users_cli)
    app.cli.add_command(districts_cli)
    app.cli.add_command(network_cli)
    from app.demo import demo_command

    app.cli.add_command(demo_command)
