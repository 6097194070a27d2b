"""Equipment at the demo's outlets: coolers, a few vending machines and fountains."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .outlets import OutletPlan

# Share of outlets with a branded cooler, by size band; large stores may have two.
COOLER_SHARE_BY_BAND = {"S": 0.25, "M": 0.7, "L": 0.9, "XL": 0.95}
SECOND_COOLER_SHARE_XL = 0.6
VENDING_MACHINE_COUNT = 8
FOUNTAIN_COUNT = 6
VENDING_CHANNELS = ("other", "supermarket", "convenience", "wholesale")
FOUNTAIN_CHANNELS = ("restaurant", "cafe", "bar")
SERIAL_PREFIX = {"cooler": "CL", "vending_machine": "VM", "fountain": "FT"}
# Most equipment went in years ago; a few pieces are installed during the history.
INSTALLED_IN_HISTORY_SHARE = 0.04
INSTALLED_DAYS_BEFORE = (60, 5 * 365)


@dataclass
class AssetPlan:
    serial_number: str
    outlet_code: str
    kind: str
    installed_on: date
    status: str = "active"


def plan_assets(
    rng: random.Random, outlets: list[OutletPlan], days: list[date]
) -> list[AssetPlan]:
    """Place coolers by outlet size, then the few vending machines and fountains."""
    placed: list[tuple[OutletPlan, str]] = []
    for outlet in outlets:
        if rng.random() < COOLER_SHARE_BY_BAND[outlet.size_band]:
            placed.append((outlet, "cooler"))
            if outlet.size_band == "XL" and rng.random() < SECOND_COOLER_SHARE_XL:
                placed.append((outlet, "cooler"))

    sizeable = [o for o in outlets if o.size_band != "S"]
    vending = [o for o in sizeable if o.channel in VENDING_CHANNELS]
    fountains = [o for o in sizeable if o.channel in FOUNTAIN_CHANNELS]
    placed += [
        (o, "vending_machine") for o in rng.sample(vending, VENDING_MACHINE_COUNT)
    ]
    placed += [(o, "fountain") for o in rng.sample(fountains, FOUNTAIN_COUNT)]

    assets = []
    serials = dict.fromkeys(SERIAL_PREFIX, 0)
    for outlet, kind in placed:
        installed_on = _installed_on(rng, outlet, days)
        serials[kind] += 1
        serial = f"{SERIAL_PREFIX[kind]}-{installed_on.year}-{serials[kind]:05d}"
        # Equipment comes back to the depot when its outlet closes.
        status = "active" if outlet.closing_day is None else "removed"
        assets.append(AssetPlan(serial, outlet.code, kind, installed_on, status))

    return assets


def _installed_on(rng: random.Random, outlet: OutletPlan, days: list[date]) -> date:
    if outlet.closing_day is None and rng.random() < INSTALLED_IN_HISTORY_SHARE:
        day = days[rng.randint(3, len(days) - 10)]
        # Installers do not work on Sundays.
        return day + timedelta(days=1) if day.weekday() == 6 else day

    return days[0] - timedelta(days=rng.randint(*INSTALLED_DAYS_BEFORE))
