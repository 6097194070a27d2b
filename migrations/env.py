"""Alembic environment: runs revisions against the app's database.

On SQLite, constraint changes rebuild tables (batch mode); foreign keys are
switched off while that happens and checked once the revisions are done, so a
rebuilt table keeps the rows that point at it.
"""

import logging

from alembic import context
from flask import current_app
from sqlalchemy import text

logger = logging.getLogger("alembic.env")
config = context.config
migrate_ext = current_app.extensions["migrate"]
engine = migrate_ext.db.engine
metadata = migrate_ext.db.metadata
url = engine.url.render_as_string(hide_password=False)
config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))


def _skip_empty_autogenerate(context, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False):
        if directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("the models and the revisions agree; nothing generated")


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    options = dict(migrate_ext.configure_args)
    options.setdefault("process_revision_directives", _skip_empty_autogenerate)
    options.setdefault("render_as_batch", True)
    options.setdefault("compare_type", True)

    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()

        context.configure(connection=connection, target_metadata=metadata, **options)
        with context.begin_transaction():
            context.run_migrations()

        if sqlite:
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"revisions left broken foreign keys: {broken}")


if context.is_offline_mode():
    run_offline()
else:
    run_online()
