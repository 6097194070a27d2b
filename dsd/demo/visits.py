"""Technicians' service visits to the demo's equipment over the days of history.

Each technician looks after the equipment of one or two territories and works a
day from 08:00 local time, one visit after another with travel in between; what
does not fit in a day waits for the next working day. Instants are stored in UTC.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .assets import AssetPlan
from .geography import TERRITORIES
from .outlets import CODE_PREFIX, OutletPlan
from .people import technician_email

# Which technician (counting from 1) covers each territory, in TERRITORIES order.
TECHNICIAN_BY_TERRITORY = dict(
    zip((t.name for t in TERRITORIES), (1, 3, 2, 3), strict=True)
)
DAY_STARTS = time(8, 0)
LAST_START = time(16, 30)
TRAVEL_MINUTES = (15, 40)
WINDOW = timedelta(hours=2)
SUNDAY = 6

# How often each kind of visit happens to a piece of equipment within the period.
PREVENTIVE_SHARE = {"cooler": 0.5, "vending_machine": 1.0, "fountain": 1.0}
REPAIR_SHARE = {"cooler": 0.10, "vending_machine": 0.20, "fountain": 0.15}
SECOND_REPAIR_SHARE = 0.02
AUDIT_SHARE = 0.35
CANCELLED_SHARE = 0.03
FIXED_SHARE = 0.85
FOLLOW_UP_DAYS = (2, 6)
# Urgent work first, then the rounds; within a kind, west to east.
PRIORITY = {"install": 0, "repair": 1, "preventive": 2, "audit": 3}
LABOUR_MINUTES = {"install": (60, 120), "preventive": (25, 50), "audit": (10, 20)}

# Faults found on repair calls, by kind of equipment:
# (what was done, parts cost in dong, labour minutes range, relative frequency).
FAULTS = {
    "cooler": (
        ("replaced thermostat", 350_000, (40, 70), 20),
        ("replaced condenser fan motor", 650_000, (50, 90), 15),
        ("replaced door gasket", 280_000, (30, 50), 20),
        ("replaced starter relay", 180_000, (30, 60), 15),
        ("recharged refrigerant", 450_000, (60, 120), 10),
        ("replaced compressor", 3_200_000, (120, 180), 5),
        ("replaced LED lamp", 120_000, (20, 35), 15),
    ),
    "vending_machine": (
        ("cleared coin mechanism jam", 0, (20, 40), 40),
        ("replaced bill validator", 1_900_000, (45, 80), 20),
        ("replaced dispensing motor", 850_000, (50, 90), 20),
    ),
    "fountain": (
        ("replaced CO2 regulator", 850_000, (40, 70), 30),
        ("cleaned syrup lines", 0, (45, 75), 50),
        ("replaced carbonator pump", 2_400_000, (90, 150), 20),
    ),
}
NOT_FIXED_NOTE = "fault needs a part not carried; part ordered, second visit booked"
PREVENTIVE_PARTS = (("door gasket", 280_000), ("LED lamp", 120_000))
PREVENTIVE_PARTS_SHARE = 0.3
AUDIT_PURITY = (70, 100)
INSTALL_PARTS = 150_000
INSTALL_PARTS_SHARE = 0.4


@dataclass(frozen=True)
class VisitPlan:
    external_ref: str
    outlet_code: str
    asset_serial: str
    technician_email: str
    kind: str
    window_start: datetime
    window_end: datetime
    started_at: datetime | None
    finished_at: datetime | None
    labour_minutes: int
    parts_cost_minor: int
    outcome: str
    notes: str


@dataclass
class _Job:
    asset: AssetPlan
    outlet: OutletPlan
    kind: str
    fixed: bool = True


def plan_visits(
    rng: random.Random,
    outlets: list[OutletPlan],
    assets: list[AssetPlan],
    days: list[date],
    timezone: str,
) -> list[VisitPlan]:
    """Every service visit of the period, scheduled technician by technician.

    Marks as faulty the equipment whose last repair left it broken.
    """
    zone = ZoneInfo(timezone)
    by_code = {o.code: o for o in outlets}
    due: dict[int, list[_Job]] = {n: [] for n in range(len(days))}
    for asset in assets:
        for index, kind in _visit_days(rng, asset, by_code[asset.outlet_code], days):
            due[index].append(_Job(asset, by_code[asset.outlet_code], kind))

    scheduled: list[tuple[date, int, datetime, dict]] = []
    waiting: dict[int, list[_Job]] = {}
    for index, day in enumerate(days):
        for job in due[index]:
            technician = TECHNICIAN_BY_TERRITORY[job.outlet.territory]
            waiting.setdefault(technician, []).append(job)
        if day.weekday() == SUNDAY:
            continue

        for technician in sorted(waiting):
            jobs = sorted(waiting[technician], key=_job_order)
            waiting[technician] = []
            clock = datetime.combine(day, DAY_STARTS, zone)
            for job in jobs:
                clock += timedelta(minutes=rng.randint(*TRAVEL_MINUTES))
                if clock.time() > LAST_START:
                    waiting[technician].append(job)
                    continue

                visit, clock = _visit(rng, job, clock)
                visit["technician_email"] = technician_email(technician)
                scheduled.append((day, technician, visit["window_start"], visit))
                if visit["outcome"] == "not_fixed":
                    follow_up = index + rng.randint(*FOLLOW_UP_DAYS)
                    if follow_up < len(days):
                        due[follow_up].append(_Job(job.asset, job.outlet, "repair"))

    return _numbered(scheduled, assets)


def _visit_days(rng, asset: AssetPlan, outlet: OutletPlan, days: list[date]):
    """The day indexes on which the asset is due each kind of visit."""
    first = 0
    if asset.installed_on >= days[0]:
        first = (asset.installed_on - days[0]).days
        yield first, "install"
    last = len(days) - 1 if outlet.closing_day is None else outlet.closing_day - 1

    def some_day() -> int:
        return rng.randint(0, len(days) - 1)

    wanted = []
    if rng.random() < PREVENTIVE_SHARE[asset.kind]:
        wanted.append((some_day(), "preventive"))
    if rng.random() < REPAIR_SHARE[asset.kind]:
        wanted.append((some_day(), "repair"))
        if rng.random() < SECOND_REPAIR_SHARE:
            wanted.append((some_day(), "repair"))
    if rng.random() < AUDIT_SHARE:
        wanted.append((some_day(), "audit"))
    for index, kind in sorted(wanted):
        if first < index <= last:
            yield index, kind


def _job_order(job: _Job):
    return PRIORITY[job.kind], job.outlet.lon, job.asset.serial_number


def _visit(rng, job: _Job, planned: datetime) -> tuple[dict, datetime]:
    """One visit starting about ``planned``, and the time the technician leaves."""
    window_start = planned.replace(minute=planned.minute // 30 * 30)
    visit = {
        "outlet_code": job.outlet.code,
        "asset_serial": job.asset.serial_number,
        "kind": job.kind,
        "window_start": window_start.astimezone(UTC),
        "window_end": (window_start + WINDOW).astimezone(UTC),
    }
    if rng.random() < CANCELLED_SHARE:
        visit.update(
            started_at=None,
            finished_at=None,
            labour_minutes=0,
            parts_cost_minor=0,
            outcome="cancelled",
            notes="outlet closed on arrival; to be booked again",
        )
        return visit, planned + timedelta(minutes=10)

    labour, parts, outcome, notes = _work(rng, job)
    started = planned + timedelta(minutes=rng.randint(0, 15))
    finished = started + timedelta(minutes=labour)
    visit.update(
        started_at=started.astimezone(UTC),
        finished_at=finished.astimezone(UTC),
        labour_minutes=labour,
        parts_cost_minor=parts,
        outcome=outcome,
        notes=notes,
    )
    return visit, finished


def _work(rng, job: _Job) -> tuple[int, int, str, str]:
    """Labour minutes, parts cost, outcome and the technician's note for a visit."""
    if job.kind == "repair":
        faults = FAULTS[job.asset.kind]
        note, parts, labour, _ = rng.choices(faults, [f[3] for f in faults])[0]
        if rng.random() >= FIXED_SHARE:
            return rng.randint(30, 60), 0, "not_fixed", NOT_FIXED_NOTE
        return rng.randint(*labour), parts, "fixed", note

    labour = rng.randint(*LABOUR_MINUTES[job.kind])
    if job.kind == "install":
        parts = INSTALL_PARTS if rng.random() < INSTALL_PARTS_SHARE else 0
        note = "installed, levelled and set to 4 °C"
        if parts:
            note += "; fitted a voltage stabiliser"
        return labour, parts, "installed", note
    if job.kind == "audit":
        purity = rng.randint(*AUDIT_PURITY)
        return labour, 0, "checked", f"on site and clean; {purity}% own products"

    note = "cleaned condenser, checked temperature and seals"
    if rng.random() < PREVENTIVE_PARTS_SHARE:
        part, cost = rng.choice(PREVENTIVE_PARTS)
        return labour + 15, cost, "fixed", f"{note}; replaced {part}"
    return labour, 0, "checked", note


def _numbered(scheduled, assets: list[AssetPlan]) -> list[VisitPlan]:
    """Give the visits their references, day by day, and mark equipment left broken."""
    visits = []
    last_repair: dict[str, str] = {}
    sequence, current_day = 0, None
    for day, _, _, visit in sorted(scheduled, key=lambda item: item[:3]):
        sequence = sequence + 1 if day == current_day else 1
        current_day = day
        ref = f"{CODE_PREFIX}-SV-{day:%y%m%d}-{sequence:03d}"
        visits.append(VisitPlan(external_ref=ref, **visit))
        if visit["kind"] == "repair" and visit["outcome"] != "cancelled":
            last_repair[visit["asset_serial"]] = visit["outcome"]

    for asset in assets:
        if (
            asset.status == "active"
            and last_repair.get(asset.serial_number) == "not_fixed"
        ):
            asset.status = "faulty"
    return visits
