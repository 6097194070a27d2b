"""``flask users create``: add a user from the command line."""

import click

from ..services.users import create_user


@click.group()
def users() -> None:
    """Manage the people who sign in."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, help="admin, dispatcher, driver, ...")
@click.option("--distributor", "distributor_code", help="code of their distributor")
@click.option("--password", required=True, help="their first password")
@click.option("--name", default="", help="full name")
def create(email, role, distributor_code, password, name) -> None:
    """Create a user with a role, scoped to one distributor unless an admin."""
    from ..errors import DomainError
    from ..extensions import db

    try:
        user = create_user(
            email=email,
            role=role,
            distributor_code=distributor_code,
            password=password,
            name=name,
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(_describe(error)) from error

    click.echo(f"created {user.role} {user.email}")


def _describe(error) -> str:
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in error.errors.items())
    return details or error.message
