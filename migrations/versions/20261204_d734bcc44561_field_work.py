"""field work: submissions, service requests, technician plans, visit photos

Revision ID: d734bcc44561
Revises: 5b1e7d2c9a40
Create Date: 2026-12-04 16:32:46.583810

"""

from alembic import op
import sqlalchemy as sa

import dsd.models.types


# revision identifiers, used by Alembic.
revision = "d734bcc44561"
down_revision = "5b1e7d2c9a40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "field_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column(
            "received_at", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_field_submissions_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_field_submissions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_submissions")),
        sa.UniqueConstraint(
            "submission_key", name=op.f("uq_field_submissions_submission_key")
        ),
    )
    with op.batch_alter_table("field_submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_field_submissions_distributor_id"),
            ["distributor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_field_submissions_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "technician_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "published_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_technician_plans_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_technician_plans_distributor_id_distributors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_plans")),
    )
    with op.batch_alter_table("technician_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_technician_plans_distributor_id"),
            ["distributor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_technician_plans_service_date"),
            ["service_date"],
            unique=False,
        )

    op.create_table(
        "technician_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("shift_start", sa.Time(), nullable=False),
        sa.Column("shift_end", sa.Time(), nullable=False),
        sa.Column("distance_m", sa.BigInteger(), nullable=False),
        sa.Column(
            "start_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("end_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "shift_end > shift_start",
            name=op.f("ck_technician_routes_shift_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["technician_plans.id"],
            name=op.f("fk_technician_routes_plan_id_technician_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["users.id"],
            name=op.f("fk_technician_routes_technician_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_routes")),
        sa.UniqueConstraint(
            "plan_id",
            "technician_id",
            name=op.f("uq_technician_routes_plan_id_technician_id"),
        ),
    )
    with op.batch_alter_table("technician_routes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_technician_routes_plan_id"), ["plan_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_technician_routes_technician_id"),
            ["technician_id"],
            unique=False,
        )

    op.create_table(
        "service_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "window_start", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "window_end", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("expected_minutes", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column(
            "status", sa.String(length=16), server_default="open", nullable=False
        ),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "expected_minutes > 0",
            name=op.f("ck_service_requests_expected_minutes_positive"),
        ),
        sa.CheckConstraint(
            "window_end > window_start",
            name=op.f("ck_service_requests_window_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["assets.id"],
            name=op.f("fk_service_requests_asset_id_assets"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_service_requests_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_service_requests_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
            name=op.f("fk_service_requests_outlet_id_outlets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_requests")),
    )
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_requests_distributor_id"),
            ["distributor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_service_requests_outlet_id"), ["outlet_id"], unique=False
        )

    op.create_table(
        "technician_stops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column(
            "arrival_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "departure_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("left_out_reason", sa.String(length=32), nullable=True),
        sa.Column(
            "started_at", dsd.models.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("service_visit_id", sa.Integer(), nullable=True),
        sa.Column("parts", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["technician_plans.id"],
            name=op.f("fk_technician_stops_plan_id_technician_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["service_requests.id"],
            name=op.f("fk_technician_stops_request_id_service_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["route_id"],
            ["technician_routes.id"],
            name=op.f("fk_technician_stops_route_id_technician_routes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_visit_id"],
            ["service_visits.id"],
            name=op.f("fk_technician_stops_service_visit_id_service_visits"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_stops")),
        sa.UniqueConstraint(
            "plan_id", "request_id", name=op.f("uq_technician_stops_plan_id_request_id")
        ),
    )
    with op.batch_alter_table("technician_stops", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_technician_stops_plan_id"), ["plan_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_technician_stops_request_id"), ["request_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_technician_stops_route_id"), ["route_id"], unique=False
        )

    op.create_table(
        "visit_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("distributor_id", sa.Integer(), nullable=False),
        sa.Column("service_visit_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column(
            "uploaded_at", dsd.models.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "size_bytes > 0", name=op.f("ck_visit_photos_size_positive")
        ),
        sa.ForeignKeyConstraint(
            ["distributor_id"],
            ["distributors.id"],
            name=op.f("fk_visit_photos_distributor_id_distributors"),
        ),
        sa.ForeignKeyConstraint(
            ["service_visit_id"],
            ["service_visits.id"],
            name=op.f("fk_visit_photos_service_visit_id_service_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_photos")),
    )
    with op.batch_alter_table("visit_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_photos_distributor_id"),
            ["distributor_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_visit_photos_service_visit_id"),
            ["service_visit_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("visit_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_photos_service_visit_id"))
        batch_op.drop_index(batch_op.f("ix_visit_photos_distributor_id"))

    op.drop_table("visit_photos")
    with op.batch_alter_table("technician_stops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_technician_stops_route_id"))
        batch_op.drop_index(batch_op.f("ix_technician_stops_request_id"))
        batch_op.drop_index(batch_op.f("ix_technician_stops_plan_id"))

    op.drop_table("technician_stops")
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_requests_outlet_id"))
        batch_op.drop_index(batch_op.f("ix_service_requests_distributor_id"))

    op.drop_table("service_requests")
    with op.batch_alter_table("technician_routes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_technician_routes_technician_id"))
        batch_op.drop_index(batch_op.f("ix_technician_routes_plan_id"))

    op.drop_table("technician_routes")
    with op.batch_alter_table("technician_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_technician_plans_service_date"))
        batch_op.drop_index(batch_op.f("ix_technician_plans_distributor_id"))

    op.drop_table("technician_plans")
    with op.batch_alter_table("field_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_field_submissions_user_id"))
        batch_op.drop_index(batch_op.f("ix_field_submissions_distributor_id"))

    op.drop_table("field_submissions")
