"""Replenishment plans: the routes a dispatcher prepares, edits and publishes.

A plan holds one row per candidate outlet. A candidate on a route has the route
and its place in it; a candidate left out has the reason and what forcing it in
would cost. Every edit raises the plan's version, and an edit sent against an
older version is refused, so two dispatchers never overwrite each other.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow

PLAN_STATUSES = ("draft", "solving", "ready", "published", "failed")


class Plan(db.Model):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    service_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    totals: Mapped[dict | None] = mapped_column(JSON)
    # Progress of the running solve: best cost so far and seconds spent.
    progress: Mapped[dict | None] = mapped_column(JSON)
    cancel_requested: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    distributor = relationship("Distributor")
    routes: Mapped[list["PlanRoute"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanRoute.id"
    )
    candidates: Mapped[list["PlanCandidate"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanCandidate.id"
    )


class PlanRoute(db.Model):
    """One truck's route in a plan; its figures are refreshed after every edit."""

    __tablename__ = "plan_routes"
    __table_args__ = (UniqueConstraint("plan_id", "vehicle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), index=True
    )
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    distance_m: Mapped[int] = mapped_column(BigInteger, default=0)
    duration_s: Mapped[int] = mapped_column(Integer, default=0)
    cost_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    cases: Mapped[int] = mapped_column(Integer, default=0)
    start_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Broken windows, capacity or shift after a manual edit, for the dispatcher.
    violations: Mapped[list | None] = mapped_column(JSON)

    plan: Mapped[Plan] = relationship(back_populates="routes")
    vehicle = relationship("Vehicle")


class PlanCandidate(db.Model):
    """An outlet that needs a drop on the plan's date, on a route or left out."""

    __tablename__ = "plan_candidates"
    __table_args__ = (UniqueConstraint("plan_id", "outlet_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), index=True
    )
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"))
    route_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_routes.id", ondelete="SET NULL"), index=True
    )
    sequence: Mapped[int | None] = mapped_column(Integer)
    must_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    drop_cases: Mapped[int] = mapped_column(Integer)
    projected_stock: Mapped[float] = mapped_column(Float)
    days_of_supply: Mapped[float | None] = mapped_column(Float)
    value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    arrival_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wait_s: Mapped[int | None] = mapped_column(Integer)
    load_after: Mapped[int | None] = mapped_column(Integer)
    # Served: route cost saved if removed. Left out: cost of forcing it in.
    marginal_cost_minor: Mapped[int | None] = mapped_column(BigInteger)
    left_out_reason: Mapped[str | None] = mapped_column(String(32))
    left_out_detail: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[Plan] = relationship(back_populates="candidates")
    route: Mapped[PlanRoute | None] = relationship()
    outlet = relationship("Outlet")
