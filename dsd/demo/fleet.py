"""The demo's trucks: capacities, shifts and cost rates in Vietnamese dong."""

import random
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from .people import driver_email


@dataclass(frozen=True)
class TruckClass:
    """A kind of truck in the fleet and what a day, a km and an hour of it cost."""

    count: int
    capacity_cases: int
    capacity_kg: int
    fixed_cost_per_day: int
    cost_per_km: int
    cost_per_hour: int


# Large trucks first: the two earliest shifts serve supermarkets from 05:00.
TRUCK_CLASSES = (
    TruckClass(3, 600, 5_000, 1_050_000, 5_600, 118_000),
    TruckClass(5, 450, 3_800, 820_000, 4_600, 108_000),
    TruckClass(4, 300, 2_500, 650_000, 3_800, 98_000),
)
EARLY_SHIFT = (time(5, 0), time(14, 0))
DAY_SHIFT = (time(6, 0), time(15, 0))
EARLY_TRUCKS = 2
# Older trucks burn more fuel and need more repairs: rates vary a little by truck.
RATE_SPREAD = 0.05


@dataclass(frozen=True)
class TruckPlan:
    code: str
    capacity_cases: int
    capacity_kg: int
    shift_start: time
    shift_end: time
    fixed_cost_minor: int
    cost_per_km: Decimal
    cost_per_hour: Decimal
    driver_email: str


def truck_count() -> int:
    """How many trucks the demo fleet has."""
    return sum(truck_class.count for truck_class in TRUCK_CLASSES)


def plan_fleet(rng: random.Random) -> list[TruckPlan]:
    """The demo's trucks, each with its driver."""
    trucks = []
    for truck_class in TRUCK_CLASSES:
        for _ in range(truck_class.count):
            number = len(trucks) + 1
            shift = EARLY_SHIFT if number <= EARLY_TRUCKS else DAY_SHIFT
            age = 1 + rng.uniform(-RATE_SPREAD, RATE_SPREAD)
            trucks.append(
                TruckPlan(
                    code=f"T{number:02d}",
                    capacity_cases=truck_class.capacity_cases,
                    capacity_kg=truck_class.capacity_kg,
                    shift_start=shift[0],
                    shift_end=shift[1],
                    fixed_cost_minor=truck_class.fixed_cost_per_day,
                    # Rates to the nearest 10 dong per km and 100 dong per hour.
                    cost_per_km=Decimal(int(round(truck_class.cost_per_km * age, -1))),
                    cost_per_hour=Decimal(
                        int(round(truck_class.cost_per_hour * age, -2))
                    ),
                    driver_email=driver_email(number),
                )
            )

    return trucks
