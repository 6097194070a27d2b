"""The distributor: the business that owns a depot, trucks and technicians."""

from sqlalchemy import JSON, Boolean, Float, String, true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Distributor(db.Model):
    __tablename__ = "distributors"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    depot_lon: Mapped[float] = mapped_column(Float)
    depot_lat: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Churn and outlet-value settings of the costing method; None means defaults.
    costing_params: Mapped[dict | None] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<Distributor {self.code}>"
