"""What cost-to-serve needs beyond the history: rates, driven routes, trade spend.

Driven routes are what actually happened on the road (from the field pages or an
import), not the plan. Rates are effective-dated: a row applies from its date
until the next row, so a new rate leaves earlier periods as they were.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import ScaledDecimal, UTCDateTime


class RateCard(db.Model):
    """A distributor's cost rates from ``effective_from`` until the next card."""

    __tablename__ = "rate_cards"
    __table_args__ = (UniqueConstraint("distributor_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    effective_from: Mapped[date] = mapped_column(Date)
    cost_per_stop_minor: Mapped[int] = mapped_column(BigInteger)
    picking_per_case: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    handling_per_case: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    technician_rate_per_hour: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    visit_callout_minor: Mapped[int] = mapped_column(BigInteger)
    annual_cost_of_capital: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    standard_stop_minutes: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    minutes_per_case: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    standard_route_cost_per_stop_minor: Mapped[int] = mapped_column(BigInteger)


class VehicleRate(db.Model):
    """One truck's running-cost rates from ``effective_from`` on."""

    __tablename__ = "vehicle_rates"
    __table_args__ = (UniqueConstraint("vehicle_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    fixed_per_day_minor: Mapped[int] = mapped_column(BigInteger)
    cost_per_km: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    cost_per_hour: Mapped[Decimal] = mapped_column(ScaledDecimal(6))

    vehicle = relationship("Vehicle")


class DrivenRoute(db.Model):
    """One truck's trip from the depot and back on one local date, as driven."""

    __tablename__ = "driven_routes"
    __table_args__ = (
        UniqueConstraint("distributor_id", "external_ref"),
        CheckConstraint("distance_m >= 0", name="distance_not_negative"),
        CheckConstraint("back_at_depot_at > left_depot_at", name="back_after_left"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    service_date: Mapped[date] = mapped_column(Date, index=True)
    left_depot_at: Mapped[datetime] = mapped_column(UTCDateTime)
    back_at_depot_at: Mapped[datetime] = mapped_column(UTCDateTime)
    distance_m: Mapped[int] = mapped_column(BigInteger)
    external_ref: Mapped[str] = mapped_column(String(64))

    vehicle = relationship("Vehicle")
    stops: Mapped[list["DrivenStop"]] = relationship(
        back_populates="route",
        cascade="all, delete-orphan",
        order_by="DrivenStop.sequence",
    )


class DrivenStop(db.Model):
    """One visit of a driven route to an outlet; deliveries point at it."""

    __tablename__ = "driven_stops"
    __table_args__ = (
        UniqueConstraint("route_id", "sequence"),
        CheckConstraint("departed_at >= arrived_at", name="departed_after_arrived"),
        CheckConstraint("dwell_us >= 0", name="dwell_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(
        ForeignKey("driven_routes.id", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Time at the outlet in microseconds, from arrival and departure or as
    # recorded; None when not recorded (the rate card's time equation applies).
    # Kept as an integer so that a costing run reads it without date arithmetic.
    dwell_us: Mapped[int | None] = mapped_column(BigInteger)
    # One-way road distance from the depot; None means "work it out".
    depot_distance_m: Mapped[int | None] = mapped_column(BigInteger)

    route: Mapped[DrivenRoute] = relationship(back_populates="stops")
    outlet = relationship("Outlet")


promotion_outlets = Table(
    "promotion_outlets",
    db.metadata,
    Column(
        "promotion_id",
        ForeignKey("promotions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("outlet_id", ForeignKey("outlets.id", ondelete="CASCADE"), primary_key=True),
)


class Promotion(db.Model):
    """A per-case rebate for eligible outlets between two dates, both included."""

    __tablename__ = "promotions"
    __table_args__ = (
        UniqueConstraint("distributor_id", "code"),
        CheckConstraint("last_date >= first_date", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    code: Mapped[str] = mapped_column(String(64))
    first_date: Mapped[date] = mapped_column(Date)
    last_date: Mapped[date] = mapped_column(Date)
    rebate_per_case: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    # Every outlet of this channel is eligible, besides the ones listed.
    channel: Mapped[str | None] = mapped_column(String(20))

    outlets = relationship("Outlet", secondary=promotion_outlets)


class TradePayment(db.Model):
    """A lump sum paid or credited to an outlet: a listing fee, a bonus."""

    __tablename__ = "trade_payments"
    __table_args__ = (
        UniqueConstraint("distributor_id", "external_ref"),
        CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date, index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    external_ref: Mapped[str] = mapped_column(String(64))
    promotion_id: Mapped[int | None] = mapped_column(ForeignKey("promotions.id"))
