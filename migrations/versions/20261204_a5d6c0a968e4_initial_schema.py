"""initial schema

Revision ID: a5d6c0a968e4
Revises:
Create Date: 2026-12-04 15:56:13.071472

"""

from alembic import op
import sqlalchemy as sa

import dsd.models.types


# revision identifiers, used by Alembic.
revision = "a5d6c0a968e4"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "distributors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("depot_lon", sa.Float(), nullable=False),
        sa.Column("depot_lat", sa.Float(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distributors")),
        sa.UniqueConstraint("code", name=op.f("uq_distributors_code")),
    )
    op.create_table(
        "territories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("polygon", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_territories_distributor_id_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territories")),
        sa.UniqueConstraint(
            "distributor_id", "name", name=op.f("uq_territories_distributor_id_name")
        ),
    )
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_territories_distributor_id"),
            ["distributor_id"],
            unique=False,
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column(
            "created_at", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_users_distributor_id_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_users_distributor_id"), ["distributor_id"], unique=False
        )

    op.create_table(
        "audit_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", dsd.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("distributor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_audit_records_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_records_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_records")),
    )
    with op.batch_alter_table("audit_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_records_at"), ["at"], unique=False)

    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("external_code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), server_default="", nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("size_band", sa.String(length=4), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("par_level_cases", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_stock_cases", sa.Integer(), nullable=True),
        sa.Column("last_stock_on", sa.Date(), nullable=True),
        sa.Column(
            "status", sa.String(length=16), server_default="active", nullable=False
        ),
        sa.CheckConstraint("lat BETWEEN -90 AND 90", name=op.f("ck_outlets_lat_range")),
        sa.CheckConstraint(
            "lon BETWEEN -180 AND 180", name=op.f("ck_outlets_lon_range")
        ),
        sa.CheckConstraint(
            "par_level_cases >= 0", name=op.f("ck_outlets_par_level_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_outlets_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["territories.id"],
            name=op.f("fk_outlets_territory_id_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlets")),
        sa.UniqueConstraint(
            "distributor_id",
            "external_code",
            name=op.f("uq_outlets_distributor_id_external_code"),
        ),
    )
    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outlets_distributor_id"), ["distributor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outlets_territory_id"), ["territory_id"], unique=False
        )

    op.create_table(
        "vehicles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("capacity_cases", sa.Integer(), nullable=False),
        sa.Column("capacity_kg", sa.Integer(), nullable=True),
        sa.Column("shift_start", sa.Time(), nullable=False),
        sa.Column("shift_end", sa.Time(), nullable=False),
        sa.Column("fixed_cost_minor", sa.BigInteger(), nullable=False),
        sa.Column("cost_per_km", dsd.models.types.ScaledDecimal(), nullable=False),
        sa.Column("cost_per_hour", dsd.models.types.ScaledDecimal(), nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.CheckConstraint(
            "capacity_cases > 0", name=op.f("ck_vehicles_capacity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_vehicles_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["driver_id"], ["users.id"], name=op.f("fk_vehicles_driver_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicles")),
        sa.UniqueConstraint(
            "distributor_id", "code", name=op.f("uq_vehicles_distributor_id_code")
        ),
    )
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vehicles_distributor_id"), ["distributor_id"], unique=False
        )

    op.create_table(
        "assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("serial_number", sa.String(length=64), nullable=False),
        sa.Column("installed_on", sa.Date(), nullable=True),
        sa.Column(
            "status", sa.String(length=16), server_default="active", nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_assets_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name=op.f("fk_assets_outlet_id_outlets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
        sa.UniqueConstraint(
            "distributor_id",
            "serial_number",
            name=op.f("uq_assets_distributor_id_serial_number"),
        ),
    )
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assets_distributor_id"), ["distributor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assets_outlet_id"), ["outlet_id"], unique=False
        )

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("failure_reason", sa.String(length=16), nullable=True),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("net_revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("cost_of_goods_minor", sa.BigInteger(), nullable=False),
        sa.Column(
            "trade_spend_minor", sa.BigInteger(), server_default="0", nullable=False
        ),
        sa.Column("external_ref", sa.String(length=64), nullable=False),
        sa.CheckConstraint("cases >= 0", name=op.f("ck_deliveries_cases_not_negative")),
        sa.CheckConstraint(
            "cost_of_goods_minor >= 0", name=op.f("ck_deliveries_cogs_not_negative")
        ),
        sa.CheckConstraint(
            "net_revenue_minor >= 0", name=op.f("ck_deliveries_revenue_not_negative")
        ),
        sa.CheckConstraint(
            "trade_spend_minor >= 0",
            name=op.f("ck_deliveries_trade_spend_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_deliveries_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name=op.f("fk_deliveries_outlet_id_outlets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint(
            "distributor_id",
            "external_ref",
            name=op.f("uq_deliveries_distributor_id_external_ref"),
        ),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deliveries_delivered_on"), ["delivered_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_deliveries_distributor_id"), ["distributor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_deliveries_outlet_id"), ["outlet_id"], unique=False
        )

    op.create_table(
        "receiving_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=False),
        sa.Column("closes_at", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "closes_at > opens_at", name=op.f("ck_receiving_windows_closes_after_opens")
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_receiving_windows_outlet_id_outlets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receiving_windows")),
    )
    with op.batch_alter_table("receiving_windows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_receiving_windows_outlet_id"), ["outlet_id"], unique=False
        )

    op.create_table(
        "service_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "window_start", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "window_end", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "started_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "finished_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("labour_minutes", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "parts_cost_minor", sa.BigInteger(), server_default="0", nullable=False
        ),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("external_ref", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "labour_minutes >= 0", name=op.f("ck_service_visits_labour_not_negative")
        ),
        sa.CheckConstraint(
            "parts_cost_minor >= 0", name=op.f("ck_service_visits_parts_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_service_visits_asset_id_assets")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_service_visits_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_service_visits_outlet_id_outlets"),
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["users.id"],
            name=op.f("fk_service_visits_technician_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_visits")),
        sa.UniqueConstraint(
            "distributor_id",
            "external_ref",
            name=op.f("uq_service_visits_distributor_id_external_ref"),
        ),
    )
    with op.batch_alter_table("service_visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_visits_distributor_id"),
            ["distributor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_service_visits_outlet_id"), ["outlet_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_visits_started_at"), ["started_at"], unique=False
        )


def downgrade():

    with op.batch_alter_table("service_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_visits_started_at"))
        batch_op.drop_index(batch_op.f("ix_service_visits_outlet_id"))
        batch_op.drop_index(batch_op.f("ix_service_visits_distributor_id"))

    op.drop_table("service_visits")
    with op.batch_alter_table("receiving_windows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receiving_windows_outlet_id"))

    op.drop_table("receiving_windows")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveries_outlet_id"))
        batch_op.drop_index(batch_op.f("ix_deliveries_distributor_id"))
        batch_op.drop_index(batch_op.f("ix_deliveries_delivered_on"))

    op.drop_table("deliveries")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_outlet_id"))
        batch_op.drop_index(batch_op.f("ix_assets_distributor_id"))

    op.drop_table("assets")
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicles_distributor_id"))

    op.drop_table("vehicles")
    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outlets_territory_id"))
        batch_op.drop_index(batch_op.f("ix_outlets_distributor_id"))

    op.drop_table("outlets")
    with op.batch_alter_table("audit_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_records_at"))

    op.drop_table("audit_records")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_distributor_id"))

    op.drop_table("users")
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_territories_distributor_id"))

    op.drop_table("territories")
    op.drop_table("distributors")
