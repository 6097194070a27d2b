"""Trucks of a distributor's fleet, with their shift and cost rates."""

from datetime import time
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import ScaledDecimal


class Vehicle(db.Model):
    __tablename__ = "vehicles"
    __table_args__ = (
        UniqueConstraint("distributor_id", "code"),
        CheckConstraint("capacity_cases > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    code: Mapped[str] = mapped_column(String(32))
    capacity_cases: Mapped[int] = mapped_column(Integer)
    capacity_kg: Mapped[int | None] = mapped_column(Integer)
    # Local wall-clock times in the distributor's timezone.
    shift_start: Mapped[time] = mapped_column(Time)
    shift_end: Mapped[time] = mapped_column(Time)
    fixed_cost_minor: Mapped[int] = mapped_column(BigInteger)
    cost_per_km: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    cost_per_hour: Mapped[Decimal] = mapped_column(ScaledDecimal(6))
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    distributor = relationship("Distributor")
    driver = relationship("User")
