"""Retail outlets, their receiving windows, and the territories they lie in."""

from datetime import date, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

CHANNELS = (
    "kiosk",
    "grocery",
    "convenience",
    "cafe",
    "restaurant",
    "bar",
    "supermarket",
    "wholesale",
    "other",
)
SIZE_BANDS = ("S", "M", "L", "XL")
OUTLET_STATUSES = ("active", "inactive")


class Territory(db.Model):
    __tablename__ = "territories"
    __table_args__ = (UniqueConstraint("distributor_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    # A GeoJSON Polygon or MultiPolygon in EPSG:4326.
    polygon: Mapped[dict] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Outlet(db.Model):
    __tablename__ = "outlets"
    __table_args__ = (
        UniqueConstraint("distributor_id", "external_code"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("par_level_cases >= 0", name="par_level_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    distributor_id: Mapped[int] = mapped_column(
        ForeignKey("distributors.id"), index=True
    )
    external_code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    channel: Mapped[str] = mapped_column(String(20))
    size_band: Mapped[str] = mapped_column(String(4))
    territory_id: Mapped[int | None] = mapped_column(
        ForeignKey("territories.id"), index=True
    )
    par_level_cases: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_stock_cases: Mapped[int | None] = mapped_column(Integer)
    last_stock_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(
        String(16), default="active", server_default="active"
    )
    # Days of credit the outlet gets; 0 means cash on delivery.
    payment_terms_days: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )

    territory = relationship("Territory")
    receiving_windows: Mapped[list["ReceivingWindow"]] = relationship(
        back_populates="outlet",
        cascade="all, delete-orphan",
        order_by="ReceivingWindow.opens_at",
    )


class ReceivingWindow(db.Model):
    """A span of local wall-clock time in which an outlet takes deliveries."""

    __tablename__ = "receiving_windows"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opens"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(
        ForeignKey("outlets.id", ondelete="CASCADE"), index=True
    )
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)

    outlet: Mapped[Outlet] = relationship(back_populates="receiving_windows")
