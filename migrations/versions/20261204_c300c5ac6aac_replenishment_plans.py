"""replenishment plans

Revision ID: c300c5ac6aac
Revises: fce381c79b9f
Create Date: 2026-12-04 16:05:47.405439

"""

from alembic import op
import sqlalchemy as sa

import dsd.models.types


# revision identifiers, used by Alembic.
revision = "c300c5ac6aac"
down_revision = "fce381c79b9f"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=True),
        sa.Column("progress", sa.JSON(), nullable=True),
        sa.Column(
            "cancel_requested", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "published_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_plans_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_plans_distributor_id_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plans_distributor_id"), ["distributor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_plans_service_date"), ["service_date"], unique=False
        )

    op.create_table(
        "plan_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("distance_m", sa.BigInteger(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("cost_minor", sa.BigInteger(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column(
            "start_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("end_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("violations", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_routes_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.id"],
            name=op.f("fk_plan_routes_vehicle_id_vehicles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_routes")),
        sa.UniqueConstraint(
            "plan_id", "vehicle_id", name=op.f("uq_plan_routes_plan_id_vehicle_id")
        ),
    )
    with op.batch_alter_table("plan_routes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_routes_plan_id"), ["plan_id"], unique=False
        )

    op.create_table(
        "plan_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("must_visit", sa.Boolean(), nullable=False),
        sa.Column("drop_cases", sa.Integer(), nullable=False),
        sa.Column("projected_stock", sa.Float(), nullable=False),
        sa.Column("days_of_supply", sa.Float(), nullable=True),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.Column(
            "arrival_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "departure_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("wait_s", sa.Integer(), nullable=True),
        sa.Column("load_after", sa.Integer(), nullable=True),
        sa.Column("marginal_cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("left_out_reason", sa.String(length=32), nullable=True),
        sa.Column("left_out_detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_plan_candidates_outlet_id_outlets"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_candidates_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["plan_routes.id"],
            name=op.f("fk_plan_candidates_route_id_plan_routes"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_candidates")),
        sa.UniqueConstraint(
            "plan_id", "outlet_id", name=op.f("uq_plan_candidates_plan_id_outlet_id")
        ),
    )
    with op.batch_alter_table("plan_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_candidates_plan_id"), ["plan_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_plan_candidates_route_id"), ["route_id"], unique=False
        )


def downgrade():

    with op.batch_alter_table("plan_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_candidates_route_id"))
        batch_op.drop_index(batch_op.f("ix_plan_candidates_plan_id"))

    op.drop_table("plan_candidates")
    with op.batch_alter_table("plan_routes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_routes_plan_id"))

    op.drop_table("plan_routes")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_service_date"))
        batch_op.drop_index(batch_op.f("ix_plans_distributor_id"))

    op.drop_table("plans")
