"""`flask demo`: a realistic fictional district (being written)."""

import click


@click.command("demo")
def demo_command() -> None:
    """Load the demo district."""
    raise click.ClickException("not written yet")
