"""``flask seed-demo``: load the demo distributor and its history."""

from datetime import datetime

import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@click.option(
    "--reset", is_flag=True, help="replace the demo distributor's data if it exists"
)
@click.option(
    "--end-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="history ends the day before this date  [default: today]",
)
@with_appcontext
def seed_demo_command(reset: bool, end_date: datetime | None) -> None:
    """Load a realistic demo distributor in Ho Chi Minh City, the same every time."""
    from ..demo import DEMO_CODE, DEMO_PASSWORD, remove_demo, seed_demo
    from ..errors import DomainError
    from ..extensions import db

    try:
        removed = remove_demo() if reset else 0
        summary = seed_demo(
            progress=True, end_date=end_date.date() if end_date else None
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if "code" in error.errors:
            raise click.ClickException(
                f"The demo distributor {DEMO_CODE} is already loaded; nothing was "
                "changed. Run `flask seed-demo --reset` to replace its data."
            ) from error
        raise click.ClickException(
            f"{error.message}; nothing was changed. Run `flask seed-demo --reset` "
            "to replace them."
        ) from error

    if removed:
        click.echo(f"Removed the previous demo data ({removed:,} rows).")
    click.echo(
        f"Loaded demo distributor {summary.code}, "
        f"history {summary.first_day} to {summary.last_day}:"
    )
    for table, count in summary.counts.items():
        click.echo(f"  {table:<18} {count:>7,}")
    click.echo(f"Every demo user signs in with the password {DEMO_PASSWORD!r}.")
