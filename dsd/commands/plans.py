"""``flask plan``: plan a date from the command line and print its totals."""

import logging

import click
from flask.cli import with_appcontext
from sqlalchemy import or_, select

logger = logging.getLogger(__name__)


@click.group("plan")
def plan() -> None:
    """Plan replenishment routes."""


@plan.command("create")
@click.option("--distributor", "code", required=True, help="distributor code")
@click.option(
    "--date", "service_date", required=True, type=click.DateTime(["%Y-%m-%d"])
)
@click.option("--time-limit", type=float, default=None, help="solve time, seconds")
@click.option("--publish", is_flag=True, help="publish the plan when solved")
@with_appcontext
def create(code, service_date, time_limit, publish) -> None:
    """Create a plan for a date, solve it here, and print its totals."""
    from ..errors import DomainError
    from ..extensions import db
    from ..models import Distributor, User
    from ..planning import service
    from ..planning.solving import run_solve

    distributor = db.session.scalar(select(Distributor).filter_by(code=code))
    if distributor is None:
        raise click.ClickException(f"no distributor with code {code!r}")
    # The plan is recorded as made by the distributor's first planner.
    author = db.session.scalar(
        select(User)
        .where(
            User.role.in_(("admin", "dispatcher")),
            or_(User.distributor_id == distributor.id, User.distributor_id.is_(None)),
        )
        .order_by(User.distributor_id.is_(None), User.id)
    )
    if author is None:
        raise click.ClickException(f"{code} has no administrator or dispatcher")
    settings = {} if time_limit is None else {"time_limit_s": time_limit}
    try:
        made = service.create_plan(distributor, service_date.date(), settings, author)
        service.request_solve(made, made.version)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error

    click.echo(f"plan {made.id}: solving {len(made.candidates)} candidate outlets")
    run_solve(made.id)
    db.session.refresh(made)
    if made.status != "ready":
        raise click.ClickException(f"plan {made.id} {made.status}: {made.error}")
    if publish:
        service.publish_plan(made, made.version, author)
        db.session.commit()

    _print_totals(made)


def _print_totals(made) -> None:
    from ..money import to_major

    currency = made.distributor.currency
    totals = made.totals
    click.echo(f"plan {made.id} for {made.service_date}: {made.status}")
    click.echo(f"  routes            {totals['routes']}")
    click.echo(f"  stops served      {totals['stops_served']}")
    click.echo(
        f"  left out          {totals['stops_left_out']}"
        f" ({totals['must_visit_left_out']} must-visit)"
    )
    click.echo(f"  distance          {totals['distance_km']} km")
    click.echo(f"  hours             {totals['hours']}")
    click.echo(f"  cases             {totals['cases']}")
    for name in ("route_cost_minor", "value_served_minor", "value_left_out_minor"):
        label = name.removesuffix("_minor").replace("_", " ")
        amount = to_major(totals[name], currency)
        click.echo(f"  {label:<17} {amount:,} {currency}")
