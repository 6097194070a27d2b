"""``flask costing report``: a cost-to-serve report as CSV on standard output."""

import click
from flask.cli import with_appcontext
from sqlalchemy import select

REPORTS = ("outlet", "channel", "territory", "size_band", "whale", "churn")


@click.group("costing")
def costing_group() -> None:
    """Cost-to-serve reports."""


@costing_group.command("report")
@click.option("--distributor", "distributor_code", required=True)
@click.option(
    "--from", "start", required=True, type=click.DateTime(formats=["%Y-%m-%d"])
)
@click.option("--to", "end", required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option(
    "--by",
    type=click.Choice(REPORTS),
    default="outlet",
    show_default=True,
    help="outlet rows, a roll-up, the whale curve's points, or value and churn",
)
@with_appcontext
def report_command(distributor_code, start, end, by) -> None:
    """Write a period's report as CSV, with the same figures as the API."""
    from ..costing_service import reports
    from ..costing_service.run import cost_period
    from ..errors import DomainError
    from ..extensions import db
    from ..models import Distributor
    from .imports import describe_refusal

    distributor = db.session.scalar(
        select(Distributor).filter_by(code=distributor_code)
    )
    if distributor is None:
        raise click.ClickException(f"no distributor with code {distributor_code!r}")

    try:
        result = cost_period(distributor, start.date(), end.date())
        columns, rows = reports.report_table(result, by)
    except DomainError as error:
        click.echo(describe_refusal(error), err=True)
        raise SystemExit(1) from error

    click.echo(reports.csv_text(columns, rows), nl=False)
