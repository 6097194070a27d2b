"""The Alembic revisions build exactly the schema the models describe."""

import os
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from dsd.extensions import db


def _config():
    from flask import current_app

    return current_app.extensions["migrate"].migrate.get_config()


def _drift() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


def test_models_and_revisions_agree(app):
    assert _drift() == []


def test_downgrade_to_empty_and_upgrade_again(app):
    config = _config()

    command.downgrade(config, "base")
    with db.engine.connect() as connection:
        left = set(inspect(connection).get_table_names()) - {"alembic_version"}
    command.upgrade(config, "head")

    assert left == set()
    assert _drift() == []


# Two revisions in the style that breaks on SQLite: a new nullable column with a
# unique constraint, then the column made NOT NULL after a back-fill.
ADD_COLUMN = """
from alembic import op
import sqlalchemy as sa

revision = "c24a00000001"
down_revision = "{head}"

def upgrade():
    with op.batch_alter_table("outlets") as batch:
        batch.add_column(sa.Column("legacy_code", sa.String(64), nullable=True))
        batch.create_unique_constraint(
            "uq_outlets_distributor_id_legacy_code", ["distributor_id", "legacy_code"]
        )

def downgrade():
    with op.batch_alter_table("outlets") as batch:
        batch.drop_constraint("uq_outlets_distributor_id_legacy_code", type_="unique")
        batch.drop_column("legacy_code")
"""

BACKFILL_NOT_NULL = """
from alembic import op
import sqlalchemy as sa

revision = "c24a00000002"
down_revision = "c24a00000001"

def upgrade():
    op.execute("UPDATE outlets SET legacy_code = 'X-' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table("outlets") as batch:
        batch.alter_column("legacy_code", existing_type=sa.String(64), nullable=False)

def downgrade():
    with op.batch_alter_table("outlets") as batch:
        batch.alter_column("legacy_code", existing_type=sa.String(64), nullable=True)
"""


@pytest.fixture
def extra_revisions(app, tmp_path: Path):
    """The project's revisions plus the two above, removed again afterwards."""
    config = _config()
    head = ScriptDirectory.from_config(config).get_current_head()
    (tmp_path / "c24a_add.py").write_text(ADD_COLUMN.format(head=head))
    (tmp_path / "c24b_not_null.py").write_text(BACKFILL_NOT_NULL)
    versions = Path(config.get_main_option("script_location")) / "versions"
    config.set_main_option(
        "version_locations", os.pathsep.join([str(versions), str(tmp_path)])
    )
    yield config
    command.downgrade(config, head)


def _three_outlets_with_deliveries(make_distributor) -> None:
    from dsd.models import Delivery, Outlet

    distributor = make_distributor("BRU")
    for number in (1, 2, 3):
        outlet = Outlet(
            distributor_id=distributor.id,
            external_code=f"BRU-{number:03}",
            name=f"Outlet {number}",
            lon=4.35,
            lat=50.85,
            channel="kiosk",
            size_band="S",
        )
        db.session.add(outlet)
        db.session.flush()
        db.session.add(
            Delivery(
                distributor_id=distributor.id,
                outlet_id=outlet.id,
                delivered_on=date(2025, 3, number),
                status="delivered",
                cases=10 * number,
                net_revenue_minor=1000 * number,
                cost_of_goods_minor=700 * number,
                external_ref=f"D-{number}",
            )
        )
    db.session.commit()
    db.session.remove()


def _rows() -> list:
    with db.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT o.external_code, o.legacy_code, d.cases FROM outlets o "
                "JOIN deliveries d ON d.outlet_id = o.id ORDER BY o.external_code"
            )
        ).all()


def test_constraint_changes_keep_rows_and_keys(app, make_distributor, extra_revisions):
    _three_outlets_with_deliveries(make_distributor)

    command.upgrade(extra_revisions, "heads")
    command.downgrade(extra_revisions, "-1")
    command.upgrade(extra_revisions, "heads")

    assert _rows() == [
        ("BRU-001", "X-1", 10),
        ("BRU-002", "X-2", 20),
        ("BRU-003", "X-3", 30),
    ]
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(
            text("UPDATE outlets SET legacy_code = 'X-1' WHERE legacy_code = 'X-2'")
        )
