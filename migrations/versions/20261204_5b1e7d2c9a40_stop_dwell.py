"""stop dwell

Revision ID: 5b1e7d2c9a40
Revises: c300c5ac6aac
Create Date: 2026-12-04 16:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5b1e7d2c9a40"
down_revision = "c300c5ac6aac"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("driven_stops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dwell_us", sa.BigInteger(), nullable=True))
        batch_op.create_check_constraint("dwell_not_negative", "dwell_us >= 0")

    # Stops recorded before this revision: their dwell from arrival and departure.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "UPDATE driven_stops SET dwell_us = "
            "CAST(EXTRACT(EPOCH FROM departed_at - arrived_at) * 1000000 AS BIGINT) "
            "WHERE arrived_at IS NOT NULL AND departed_at IS NOT NULL"
        )
    else:
        op.execute(
            "UPDATE driven_stops SET dwell_us = "
            "CAST(ROUND((julianday(departed_at) - julianday(arrived_at)) "
            "* 86400000) AS INTEGER) * 1000 "
            "WHERE arrived_at IS NOT NULL AND departed_at IS NOT NULL"
        )


def downgrade():
    with op.batch_alter_table("driven_stops", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_driven_stops_dwell_not_negative"), type_="check"
        )
        batch_op.drop_column("dwell_us")
