"""Command-line tasks: ``flask users create``, ``flask seed-demo``, imports."""

from flask import Flask


def register_cli(app: Flask) -> None:
    """Attach the command groups to the app's ``flask`` command."""
    from .commands import costing, demo, imports, plans, seed_demo, users

    app.cli.add_command(users.users)
    app.cli.add_command(demo.demo)
    app.cli.add_command(seed_demo.seed_demo_command)
    app.cli.add_command(plans.plan)
    app.cli.add_command(imports.import_group)
    app.cli.add_command(costing.costing_group)
