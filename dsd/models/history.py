"""What happened at outlets: deliveries, cooler assets and service visits."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime

DELIVERY_STATUSES = ("delivered", "partial", "failed")
FAILURE_REASONS = ("closed", "refused", "no_payment", "no_access", "other")
ASSET_KINDS = ("cooler", "vending_machine", "fountain")
ASSET_STATUSES = ("active", "faulty", "removed")
VISIT_KINDS = ("install", "repair", "preventive", "audit")
VISIT_OUTCOMES = ("fixed", "not_fixed", "installed", "checked", "cancelled")


class Delivery(db.Model):
    """One invoice line group for one outlet on one local date."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("distributor_id", "external_ref"),
        CheckConstraint("cases >= 0", name="cases_not_negative"),
        CheckConstraint("net_revenue_minor >= 0", name="revenue_not_negative"),
        CheckConstraint("cost_of_goods_minor >= 0", name="cogs_not_negative"),
        CheckConstraint("trade_spend_minor >= 0", name="trade_spend_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    delivered_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16))
    failure_reason: Mapped[str | None] = mapped_column(String(16))
    cases: Mapped[int] = mapped_column(Integer)
    net_revenue_minor: Mapped[int] = mapped_column(BigInteger)
    cost_of_goods_minor: Mapped[int] = mapped_column(BigInteger)
    trade_spend_minor: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0"
    )
    external_ref: Mapped[str] = mapped_column(String(64))
    # The driven stop it was made on; None when recorded without a route.
    driven_stop_id: Mapped[int | None] = mapped_column(
        ForeignKey("driven_stops.id", ondelete="SET NULL"), index=True
    )

    outlet = relationship("Outlet")


class Asset(db.Model):
    """Equipment placed at an outlet: a cooler, vending machine or fountain."""

    __tablename__ = "assets"
    __table_args__ = (UniqueConstraint("distributor_id", "serial_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    serial_number: Mapped[str] = mapped_column(String(64))
    installed_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(
        String(16), default="active", server_default="active"
    )

    outlet = relationship("Outlet")


class ServiceVisit(db.Model):
    """A technician's visit to an outlet, usually to one of its assets."""

    __tablename__ = "service_visits"
    __table_args__ = (
        UniqueConstraint("distributor_id", "external_ref"),
        CheckConstraint("labour_minutes >= 0", name="labour_not_negative"),
        CheckConstraint("parts_cost_minor >= 0", name="parts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"))
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    labour_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    parts_cost_minor: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0"
    )
    outcome: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    external_ref: Mapped[str] = mapped_column(String(64))

    outlet = relationship("Outlet")
    asset = relationship("Asset")
    technician = relationship("User")
