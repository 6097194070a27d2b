"""costing inputs

Revision ID: fce381c79b9f
Revises: a5d6c0a968e4
Create Date: 2026-12-04 16:04:45.669234

"""

from alembic import op
import sqlalchemy as sa

import dsd.models.types


# revision identifiers, used by Alembic.
revision = "fce381c79b9f"
down_revision = "a5d6c0a968e4"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "promotions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.Column("rebate_per_case", dsd.models.types.ScaledDecimal(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "last_date >= first_date", name=op.f("ck_promotions_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_promotions_distributor_id_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promotions")),
        sa.UniqueConstraint(
            "distributor_id", "code", name=op.f("uq_promotions_distributor_id_code")
        ),
    )
    with op.batch_alter_table("promotions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_promotions_distributor_id"), ["distributor_id"], unique=False
        )

    op.create_table(
        "rate_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("cost_per_stop_minor", sa.BigInteger(), nullable=False),
        sa.Column("picking_per_case", dsd.models.types.ScaledDecimal(), nullable=False),
        sa.Column(
            "handling_per_case", dsd.models.types.ScaledDecimal(), nullable=False
        ),
        sa.Column(
            "technician_rate_per_hour", dsd.models.types.ScaledDecimal(), nullable=False
        ),
        sa.Column("visit_callout_minor", sa.BigInteger(), nullable=False),
        sa.Column(
            "annual_cost_of_capital", dsd.models.types.ScaledDecimal(), nullable=False
        ),
        sa.Column(
            "standard_stop_minutes", dsd.models.types.ScaledDecimal(), nullable=False
        ),
        sa.Column("minutes_per_case", dsd.models.types.ScaledDecimal(), nullable=False),
        sa.Column(
            "standard_route_cost_per_stop_minor", sa.BigInteger(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_rate_cards_distributor_id_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_cards")),
        sa.UniqueConstraint(
            "distributor_id",
            "effective_from",
            name=op.f("uq_rate_cards_distributor_id_effective_from"),
        ),
    )
    with op.batch_alter_table("rate_cards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rate_cards_distributor_id"), ["distributor_id"], unique=False
        )

    op.create_table(
        "driven_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column(
            "left_depot_at", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "back_at_depot_at",
            dsd.models.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("distance_m", sa.BigInteger(), nullable=False),
        sa.Column("external_ref", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "back_at_depot_at > left_depot_at",
            name=op.f("ck_driven_routes_back_after_left"),
        ),
        sa.CheckConstraint(
            "distance_m >= 0", name=op.f("ck_driven_routes_distance_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_driven_routes_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.id"],
            name=op.f("fk_driven_routes_vehicle_id_vehicles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_driven_routes")),
        sa.UniqueConstraint(
            "distributor_id",
            "external_ref",
            name=op.f("uq_driven_routes_distributor_id_external_ref"),
        ),
    )
    with op.batch_alter_table("driven_routes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_driven_routes_distributor_id"),
            ["distributor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_driven_routes_service_date"), ["service_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_driven_routes_vehicle_id"), ["vehicle_id"], unique=False
        )

    op.create_table(
        "promotion_outlets",
        sa.Column("promotion_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_promotion_outlets_outlet_id_outlets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["promotion_id"],
            ["promotions.id"],
            name=op.f("fk_promotion_outlets_promotion_id_promotions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "promotion_id", "outlet_id", name=op.f("pk_promotion_outlets")
        ),
    )
    op.create_table(
        "trade_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("external_ref", sa.String(length=64), nullable=False),
        sa.Column("promotion_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "amount_minor >= 0", name=op.f("ck_trade_payments_amount_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_trade_payments_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_trade_payments_outlet_id_outlets"),
        ),
        sa.ForeignKeyConstraint(
            ["promotion_id"],
            ["promotions.id"],
            name=op.f("fk_trade_payments_promotion_id_promotions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trade_payments")),
        sa.UniqueConstraint(
            "distributor_id",
            "external_ref",
            name=op.f("uq_trade_payments_distributor_id_external_ref"),
        ),
    )
    with op.batch_alter_table("trade_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trade_payments_distributor_id"),
            ["distributor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_trade_payments_outlet_id"), ["outlet_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trade_payments_paid_on"), ["paid_on"], unique=False
        )

    op.create_table(
        "vehicle_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("fixed_per_day_minor", sa.BigInteger(), nullable=False),
        sa.Column("cost_per_km", dsd.models.types.ScaledDecimal(), nullable=False),
        sa.Column("cost_per_hour", dsd.models.types.ScaledDecimal(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.id"],
            name=op.f("fk_vehicle_rates_vehicle_id_vehicles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicle_rates")),
        sa.UniqueConstraint(
            "vehicle_id",
            "effective_from",
            name=op.f("uq_vehicle_rates_vehicle_id_effective_from"),
        ),
    )
    with op.batch_alter_table("vehicle_rates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vehicle_rates_vehicle_id"), ["vehicle_id"], unique=False
        )

    op.create_table(
        "driven_stops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column(
            "arrived_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "departed_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("depot_distance_m", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "departed_at >= arrived_at",
            name=op.f("ck_driven_stops_departed_after_arrived"),
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_driven_stops_outlet_id_outlets"),
        ),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["driven_routes.id"],
            name=op.f("fk_driven_stops_route_id_driven_routes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_driven_stops")),
        sa.UniqueConstraint(
            "route_id", "sequence", name=op.f("uq_driven_stops_route_id_sequence")
        ),
    )
    with op.batch_alter_table("driven_stops", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_driven_stops_outlet_id"), ["outlet_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_driven_stops_route_id"), ["route_id"], unique=False
        )

    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("driven_stop_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_deliveries_driven_stop_id"), ["driven_stop_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_deliveries_driven_stop_id_driven_stops"),
            "driven_stops",
            ["driven_stop_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("distributors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("costing_params", sa.JSON(), nullable=True))

    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "payment_terms_days", sa.Integer(), server_default="0", nullable=False
            )
        )


def downgrade():

    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.drop_column("payment_terms_days")

    with op.batch_alter_table("distributors", schema=None) as batch_op:
        batch_op.drop_column("costing_params")

    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_deliveries_driven_stop_id_driven_stops"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_deliveries_driven_stop_id"))
        batch_op.drop_column("driven_stop_id")

    with op.batch_alter_table("driven_stops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_driven_stops_route_id"))
        batch_op.drop_index(batch_op.f("ix_driven_stops_outlet_id"))

    op.drop_table("driven_stops")
    with op.batch_alter_table("vehicle_rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicle_rates_vehicle_id"))

    op.drop_table("vehicle_rates")
    with op.batch_alter_table("trade_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trade_payments_paid_on"))
        batch_op.drop_index(batch_op.f("ix_trade_payments_outlet_id"))
        batch_op.drop_index(batch_op.f("ix_trade_payments_distributor_id"))

    op.drop_table("trade_payments")
    op.drop_table("promotion_outlets")
    with op.batch_alter_table("driven_routes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_driven_routes_vehicle_id"))
        batch_op.drop_index(batch_op.f("ix_driven_routes_service_date"))
        batch_op.drop_index(batch_op.f("ix_driven_routes_distributor_id"))

    op.drop_table("driven_routes")
    with op.batch_alter_table("rate_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_cards_distributor_id"))

    op.drop_table("rate_cards")
    with op.batch_alter_table("promotions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promotions_distributor_id"))

    op.drop_table("promotions")
