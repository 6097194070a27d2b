"""``flask demo``: a ready-to-try service on the embedded database."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from werkzeug.serving import run_simple

from ..demo.people import DEMO_PASSWORD


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def demo(host: str, port: int) -> None:
    """Bring the schema up to date, load the demo data once, and serve."""
    from flask_migrate import upgrade

    from ..errors import DomainError
    from ..extensions import db
    from ..models import Distributor, User

    upgrade()
    if db.session.scalar(select(Distributor).limit(1)) is None:
        from ..demo import seed_demo

        try:
            seed_demo(progress=True)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error

    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    db.session.remove()
    url = f"http://{host}:{port}/"
    click.echo("")
    click.echo(f"DSD service: {url}")
    click.echo(f"API document: {url}api/docs")
    click.echo(f"Demo logins (password {DEMO_PASSWORD!r} for each):")
    seen = set()
    for user in users:
        if user.role not in seen:
            seen.add(user.role)
            click.echo(f"  {user.role:<11} {user.email}")
    click.echo("")
    # Flask refuses app.run() inside a ``flask`` command, so serve directly.
    run_simple(host, port, current_app._get_current_object(), threaded=True)
