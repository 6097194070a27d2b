"""The whole demo data set, built in memory from fixed seeds before it is stored.

Each part draws from its own seeded random stream, so the outlets, fleet and
people are laid out the same whatever the end date (only the history moves with
it), and the same end date always gives the same rows. References between parts
use natural keys (outlet code, email, serial number); database ids are attached
only when the data is written.
"""

import random
from dataclasses import dataclass
from datetime import date

from .assets import AssetPlan, plan_assets
from .driven import CostPlan, RoutePlan, plan_costs, plan_routes
from .fleet import TruckPlan, plan_fleet, truck_count
from .geography import DEPOT, TERRITORIES, TerritoryShape
from .history import DeliveryPlan, history_dates, plan_deliveries
from .outlets import OutletPlan, plan_outlets
from .people import Person, plan_people
from .visits import VisitPlan, plan_visits

DEMO_CODE = "SGN"
DEMO_NAME = "Sài Gòn Drinks Distribution Co., Ltd."
DEMO_TIMEZONE = "Asia/Ho_Chi_Minh"
DEMO_CURRENCY = "VND"
SEED = "dsd-demo-1"


@dataclass
class DemoData:
    """Everything the demo stores, as plain records."""

    distributor: dict
    people: list[Person]
    territories: tuple[TerritoryShape, ...]
    outlets: list[OutletPlan]
    trucks: list[TruckPlan]
    assets: list[AssetPlan]
    deliveries: list[DeliveryPlan]
    visits: list[VisitPlan]
    days: list[date]
    routes: list[RoutePlan]
    costs: CostPlan

    def row_count(self) -> int:
        """How many rows storing the data set writes, all tables together."""
        windows = sum(len(o.windows) for o in self.outlets)
        parts = (self.people, self.territories, self.outlets, self.trucks, self.assets)
        records = sum(len(part) for part in parts) + len(self.deliveries)
        driven = len(self.routes) + sum(len(route.stops) for route in self.routes)
        return (
            1 + records + windows + len(self.visits) + driven + self.costs.row_count()
        )


def build_demo(end_date: date) -> DemoData:
    """The demo data set whose history ends the day before ``end_date``."""
    days = history_dates(end_date)
    people = plan_people(_stream("people"), truck_count())
    trucks = plan_fleet(_stream("fleet"))
    outlets = plan_outlets(_stream("outlets"), len(days))
    deliveries = plan_deliveries(_stream("history"), outlets, days)
    assets = plan_assets(_stream("assets"), outlets, days)
    visits = plan_visits(_stream("visits"), outlets, assets, days, DEMO_TIMEZONE)
    routes = plan_routes(_stream("routes"), outlets, trucks, deliveries, DEMO_TIMEZONE)
    costs = plan_costs(_stream("costs"), outlets, trucks, days)
    distributor = {
        "code": DEMO_CODE,
        "name": DEMO_NAME,
        "depot_lon": DEPOT[0],
        "depot_lat": DEPOT[1],
        "timezone": DEMO_TIMEZONE,
        "currency": DEMO_CURRENCY,
    }
    return DemoData(
        distributor=distributor,
        people=people,
        territories=TERRITORIES,
        outlets=outlets,
        trucks=trucks,
        assets=assets,
        deliveries=deliveries,
        visits=visits,
        days=days,
        routes=routes,
        costs=costs,
    )


def _stream(part: str) -> random.Random:
    # A string seed is hashed with SHA-512, the same on every run and platform.
    return random.Random(f"{SEED}/{part}")
