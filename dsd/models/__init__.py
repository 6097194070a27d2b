"""The data model. Every table is created and changed by Alembic revisions only."""

from .audit import AuditRecord
from .costing import (
    DrivenRoute,
    DrivenStop,
    Promotion,
    RateCard,
    TradePayment,
    VehicleRate,
)
from .distributor import Distributor
from .field import (
    FieldSubmission,
    ServiceRequest,
    TechnicianPlan,
    TechnicianRoute,
    TechnicianStop,
    VisitPhoto,
)
from .history import Asset, Delivery, ServiceVisit
from .outlet import Outlet, ReceivingWindow, Territory
from .plan import Plan, PlanCandidate, PlanRoute
from .user import User
from .vehicle import Vehicle

__all__ = [
    "Asset",
    "AuditRecord",
    "Delivery",
    "Distributor",
    "DrivenRoute",
    "DrivenStop",
    "FieldSubmission",
    "Outlet",
    "Plan",
    "PlanCandidate",
    "PlanRoute",
    "Promotion",
    "RateCard",
    "ReceivingWindow",
    "ServiceRequest",
    "ServiceVisit",
    "TechnicianPlan",
    "TechnicianRoute",
    "TechnicianStop",
    "Territory",
    "TradePayment",
    "User",
    "Vehicle",
    "VehicleRate",
    "VisitPhoto",
]
