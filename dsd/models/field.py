"""Work done from the phone: submissions, service requests, technician days.

A field submission is keyed by an id the phone makes, so a retried or doubled
send is recorded once and answered with the first answer. Technician days are
planned in tables of their own rather than in truck plans: a technician has no
truck, no load and may see two requests at one outlet, none of which the truck
plan's rows allow.
"""

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow

SUBMISSION_KINDS = ("arrival", "drop", "depot_return", "visit_start", "visit_finish")
REQUEST_PRIORITIES = ("low", "normal", "high")
REQUEST_STATUSES = ("open", "planned", "done", "cancelled")
TECHNICIAN_PLAN_STATUSES = ("ready", "published")
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


class FieldSubmission(db.Model):
    """One accepted write from the phone, with the answer it was given."""

    __tablename__ = "field_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # The plan stop, technician stop or driven route the submission was about.
    target_id: Mapped[int] = mapped_column(Integer)
    # SHA-256 of the submitted values, to tell a resend from a reused id.
    digest: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ServiceRequest(db.Model):
    """Work a technician should do at an outlet within a window."""

    __tablename__ = "service_requests"
    __table_args__ = (
        CheckConstraint("window_end > window_start", name="window_ends_after_start"),
        CheckConstraint("expected_minutes > 0", name="expected_minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"))
    kind: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime)
    expected_minutes: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(
        String(16), default="open", server_default="open"
    )
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outlet = relationship("Outlet")
    asset = relationship("Asset")


class TechnicianPlan(db.Model):
    """The technicians' routes of one local date, solved and then published."""

    __tablename__ = "technician_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    service_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="ready")
    version: Mapped[int] = mapped_column(Integer, default=1)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    totals: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    distributor = relationship("Distributor")
    routes: Mapped[list["TechnicianRoute"]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="TechnicianRoute.id",
    )
    stops: Mapped[list["TechnicianStop"]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="TechnicianStop.id",
    )


class TechnicianRoute(db.Model):
    """One technician's day in a plan: working hours, length, start and end."""

    __tablename__ = "technician_routes"
    __table_args__ = (
        UniqueConstraint("plan_id", "technician_id"),
        CheckConstraint("shift_end > shift_start", name="shift_ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("technician_plans.id", ondelete="CASCADE"), index=True
    )
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Local wall-clock working hours in the distributor's timezone.
    shift_start: Mapped[time] = mapped_column(Time)
    shift_end: Mapped[time] = mapped_column(Time)
    distance_m: Mapped[int] = mapped_column(BigInteger, default=0)
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    plan: Mapped[TechnicianPlan] = relationship(back_populates="routes")
    technician = relationship("User")


class TechnicianStop(db.Model):
    """A service request in a technician plan: on a route in order, or left out."""

    __tablename__ = "technician_stops"
    __table_args__ = (UniqueConstraint("plan_id", "request_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("technician_plans.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int] = mapped_column(
        ForeignKey("service_requests.id"), index=True
    )
    route_id: Mapped[int | None] = mapped_column(
        ForeignKey("technician_routes.id", ondelete="SET NULL"), index=True
    )
    sequence: Mapped[int | None] = mapped_column(Integer)
    arrival_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_out_reason: Mapped[str | None] = mapped_column(String(32))
    # What the technician recorded: the start tap, then the finished visit.
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    service_visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_visits.id", ondelete="SET NULL")
    )
    # Parts used, as [{"name": ..., "cost_minor": ...}]; their sum is the visit's.
    parts: Mapped[list | None] = mapped_column(JSON)

    plan: Mapped[TechnicianPlan] = relationship(back_populates="stops")
    route: Mapped[TechnicianRoute | None] = relationship()
    request: Mapped[ServiceRequest] = relationship()
    service_visit = relationship("ServiceVisit")


class VisitPhoto(db.Model):
    """A photo taken on a service visit, kept as bytes (size and type checked)."""

    __tablename__ = "visit_photos"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    service_visit_id: Mapped[int] = mapped_column(
        ForeignKey("service_visits.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
