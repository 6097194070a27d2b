"""Fixtures of the costing unit tests: the inputs of worked example A and factories."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from costing.engine import compute
from costing.inputs import (
    CostingInputs,
    Delivery,
    Outlet,
    Period,
    Promotion,
    RateCard,
    Route,
    ServiceVisit,
    Stop,
    VehicleRate,
)
from costing.params import CostingParams
from costing.result import CostingResult

D = Decimal


def at(day: date, hhmm: str) -> datetime:
    """An aware instant on a local date (the tests use UTC as the local zone)."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        hours=hours, minutes=minutes
    )


def rate_card(effective_from: date = date(2025, 1, 1), **overrides) -> RateCard:
    """Example A's rate card, with any field overridden."""
    fields = dict(
        effective_from=effective_from,
        cost_per_stop=D("1.50"),
        picking_per_case=D("0.20"),
        handling_per_case=D("0.10"),
        technician_rate_per_hour=D("30.00"),
        visit_callout=D("12.00"),
        annual_cost_of_capital=D("0.10"),
        standard_stop_minutes=D("10"),
        minutes_per_case=D("0.5"),
        standard_route_cost_per_stop=D("15.00"),
    )
    fields.update(overrides)
    return RateCard(**fields)


EXAMPLE_A_PERIOD = Period(date(2025, 3, 3), date(2025, 3, 16))

R1_DAY = date(2025, 3, 4)
R2_DAY = date(2025, 3, 12)

# (route, seq, outlet, dwell minutes, depot km, delivery, cases, revenue, cogs,
#  recorded trade spend, status), from example A's stop and delivery tables.
EXAMPLE_A_DROPS = [
    ("R1", 1, "A01", "12", "4.0", "D01", 6, "84.00", "63.00", "0.00", "delivered"),
    ("R1", 2, "A02", "20", "6.5", "D02", 30, "414.00", "315.00", "0.00", "delivered"),
    (
        "R1",
        3,
        "A04",
        "45",
        "12.0",
        "D03",
        120,
        "1560.00",
        "1260.00",
        "60.00",
        "delivered",
    ),
    ("R1", 4, "A03", "15", "9.0", "D04", 14, "210.00", "147.00", "0.00", "delivered"),
    ("R1", 5, "A06", "8", "5.5", "D05", 4, "56.00", "42.00", "0.00", "delivered"),
    ("R2", 1, "A01", "10", "4.0", "D06", 5, "70.00", "52.50", "0.00", "delivered"),
    ("R2", 2, "A02", "18", "6.5", "D07", 26, "358.80", "273.00", "0.00", "delivered"),
    ("R2", 3, "A05", "25", "10.0", "D08", 34, "469.20", "357.00", "0.00", "delivered"),
    (
        "R2",
        4,
        "A04",
        "40",
        "12.0",
        "D09",
        110,
        "1430.00",
        "1155.00",
        "55.00",
        "partial",
    ),
    ("R2", 5, "A03", "14", "9.0", "D10", 16, "240.00", "168.00", "0.00", "delivered"),
]


def example_a_inputs() -> CostingInputs:
    """The inputs of worked example A, written out from its tables."""
    outlets = [
        Outlet("A01", "Kiosk Ana", "Kiosk", "North", "S", 0),
        Outlet("A02", "Grocery Binh", "Grocery", "North", "M", 14),
        Outlet("A03", "Cafe Chi", "HoReCa", "South", "S", 7),
        Outlet("A04", "Supermarket Dao", "Supermarket", "South", "L", 30),
        Outlet("A05", "Grocery Em", "Grocery", "South", "M", 14),
        Outlet("A06", "Kiosk Phuc", "Kiosk", "North", "S", 0),
    ]
    route_days = {"R1": R1_DAY, "R2": R2_DAY}
    stops = {
        route: tuple(
            Stop(seq, outlet, D(km), D(dwell))
            for r, seq, outlet, dwell, km, *_ in EXAMPLE_A_DROPS
            if r == route
        )
        for route in route_days
    }
    routes = [
        Route(
            "R1",
            "V1",
            R1_DAY,
            at(R1_DAY, "08:00"),
            at(R1_DAY, "13:30"),
            D("62.5"),
            stops["R1"],
        ),
        Route(
            "R2",
            "V2",
            R2_DAY,
            at(R2_DAY, "08:30"),
            at(R2_DAY, "12:30"),
            D("48.3"),
            stops["R2"],
        ),
    ]
    deliveries = [
        Delivery(
            drop[5],
            drop[2],
            route_days[drop[0]],
            drop[10],
            drop[6],
            D(drop[7]),
            D(drop[8]),
            D(drop[9]),
            route_id=drop[0],
            stop_sequence=drop[1],
        )
        for drop in EXAMPLE_A_DROPS
    ]
    visits = [
        ServiceVisit(
            "S1",
            "A04",
            date(2025, 3, 5),
            D("18.40"),
            D("50"),
            technician="T1",
            kind="repair",
        ),
        ServiceVisit(
            "S2",
            "A03",
            date(2025, 3, 11),
            D("0.00"),
            D("35"),
            technician="T1",
            kind="maintenance",
        ),
        ServiceVisit(
            "S3",
            "A06",
            date(2025, 3, 14),
            D("6.75"),
            D("25"),
            technician="T2",
            kind="repair",
        ),
    ]
    return CostingInputs(
        currency="USD",
        outlets=outlets,
        rate_cards=[rate_card()],
        vehicles=["V1", "V2"],
        vehicle_rates=[
            VehicleRate("V1", date(2025, 1, 1), D("80.00"), D("0.40"), D("24.00")),
            VehicleRate("V2", date(2025, 1, 1), D("60.00"), D("0.35"), D("22.00")),
        ],
        routes=routes,
        deliveries=deliveries,
        service_visits=visits,
        promotions=[
            Promotion(
                "PROMO-GROC-MAR",
                date(2025, 3, 10),
                date(2025, 3, 16),
                D("0.50"),
                outlets=frozenset({"A02", "A05"}),
            ),
        ],
        distributor="distributor EXA",
    )


@pytest.fixture
def example_a() -> CostingInputs:
    return example_a_inputs()


@pytest.fixture
def example_a_period() -> Period:
    return EXAMPLE_A_PERIOD


@pytest.fixture
def example_a_params() -> CostingParams:
    """Example A's churn windows: 7 recent days, 7 baseline days."""
    return CostingParams(churn_recent_days=7, churn_baseline_days=7)


@pytest.fixture(scope="session")
def example_a_result() -> CostingResult:
    """Example A costed once for the tests that only read its figures."""
    params = CostingParams(churn_recent_days=7, churn_baseline_days=7)
    return compute(example_a_inputs(), EXAMPLE_A_PERIOD, params)
