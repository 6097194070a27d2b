"""The demo's outlets: where they stand, what they are, when they take deliveries."""

import random
from dataclasses import dataclass
from datetime import date, time

from .geography import OutletPlacer
from .names import shop_sign

OUTLET_COUNT = 600
INACTIVE_COUNT = 12
CODE_PREFIX = "SGN"

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
# Relative channel weights by the kind of street an outlet stands on, in the order
# of CHANNELS. Kiosks and groceries everywhere; bars where the night life is.
CHANNEL_WEIGHTS_BY_STREET = {
    "main": (22, 22, 12, 14, 12, 5, 6, 3, 4),
    "residential": (38, 34, 4, 12, 6, 2, 1, 1, 2),
    "market": (32, 30, 4, 8, 8, 3, 2, 10, 3),
    "food": (12, 8, 8, 30, 28, 8, 2, 0, 4),
    "nightlife": (12, 6, 8, 14, 20, 38, 0, 0, 2),
}
# Share of each channel's outlets that stand down an alley rather than on the street.
ALLEY_SHARE = {"kiosk": 0.45, "grocery": 0.35, "cafe": 0.2, "restaurant": 0.1}

SIZE_BANDS = ("S", "M", "L", "XL")
SIZE_WEIGHTS_BY_CHANNEL = {
    "kiosk": (80, 20, 0, 0),
    "grocery": (45, 45, 10, 0),
    "convenience": (0, 60, 40, 0),
    "cafe": (40, 50, 10, 0),
    "restaurant": (20, 50, 30, 0),
    "bar": (0, 50, 40, 10),
    "supermarket": (0, 0, 40, 60),
    "wholesale": (0, 0, 40, 60),
    "other": (50, 50, 0, 0),
}
# Cases sold in a week, by size band: a range drawn from uniformly.
WEEKLY_CASES = {"S": (5, 12), "M": (14, 30), "L": (35, 70), "XL": (90, 160)}
CHANNEL_VOLUME_FACTOR = {"kiosk": 0.9, "bar": 1.2, "wholesale": 1.3}
# Delivery weekdays (0 is Monday): how many, by size band, and the fixed patterns.
DELIVERY_DAYS_BY_BAND = {"S": (1,), "M": (1, 2, 2), "L": (2, 3), "XL": (3,)}
WEEKDAY_PATTERNS = {
    2: ((0, 3), (1, 4), (2, 5)),
    3: ((0, 2, 4), (1, 3, 5)),
}
# Saturday is a lighter day for single-day outlets; Sunday is never a regular day.
SINGLE_DAY_WEIGHTS = (10, 10, 10, 10, 10, 7)
# The par level covers this many average drops, so a missed drop is survivable.
PAR_COVER_DROPS = 1.6
MIN_PAR_CASES = 4


@dataclass
class OutletPlan:
    """One outlet as the demo lays it out, before it is written to the database.

    ``closing_day`` counts days from the first day of history for an outlet that
    closed during it (it is then inactive); None for an outlet still trading.
    """

    code: str
    name: str
    address: str
    lon: float
    lat: float
    territory: str
    channel: str
    size_band: str
    windows: tuple[tuple[time, time], ...]
    par_level_cases: int
    weekly_cases: float
    delivery_weekdays: tuple[int, ...]
    closing_day: int | None = None
    last_stock_cases: int | None = None
    last_stock_on: date | None = None

    @property
    def status(self) -> str:
        return "active" if self.closing_day is None else "inactive"


def plan_outlets(rng: random.Random, history_days: int) -> list[OutletPlan]:
    """Lay out the demo's outlets: spot, channel, size, windows, volumes."""
    placer = OutletPlacer(rng)
    outlets = []
    for number in range(1, OUTLET_COUNT + 1):
        spot = placer.spot()
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS_BY_STREET[spot.street.kind])[0]
        if rng.random() < ALLEY_SHARE.get(channel, 0.0):
            spot = placer.down_alley(spot)

        band = rng.choices(SIZE_BANDS, SIZE_WEIGHTS_BY_CHANNEL[channel])[0]
        weekly = rng.uniform(*WEEKLY_CASES[band]) * CHANNEL_VOLUME_FACTOR.get(
            channel, 1
        )
        weekdays = _delivery_weekdays(rng, band)
        par = max(MIN_PAR_CASES, round(weekly / len(weekdays) * PAR_COVER_DROPS))
        outlets.append(
            OutletPlan(
                code=f"{CODE_PREFIX}-{number:05d}",
                name=shop_sign(rng, channel),
                address=spot.address,
                lon=spot.lon,
                lat=spot.lat,
                territory=spot.territory,
                channel=channel,
                size_band=band,
                windows=receiving_windows(rng, channel),
                par_level_cases=par,
                weekly_cases=round(weekly, 2),
                delivery_weekdays=weekdays,
            )
        )

    # Small shops are the ones that close; they stop trading part-way through.
    small = [o for o in outlets if o.size_band in ("S", "M") and o.channel != "other"]
    for outlet in rng.sample(small, INACTIVE_COUNT):
        outlet.closing_day = rng.randint(history_days // 6, history_days * 7 // 8)

    return outlets


def receiving_windows(
    rng: random.Random, channel: str
) -> tuple[tuple[time, time], ...]:
    """The local wall-clock spans in which an outlet of this channel takes stock."""
    pick = rng.choice
    if channel == "kiosk":
        windows = [(pick(("06:00", "06:30")), pick(("10:30", "11:00", "11:30")))]
        if rng.random() < 0.25:
            windows.append(("14:00", pick(("16:30", "17:00"))))
    elif channel == "grocery":
        windows = [(pick(("06:30", "07:00", "07:30")), pick(("11:00", "11:30")))]
        if rng.random() < 0.5:
            windows.append((pick(("13:30", "14:00")), pick(("17:00", "17:30"))))
    elif channel == "convenience":
        windows = [("08:00", "11:00"), ("13:00", pick(("15:30", "16:00")))]
    elif channel == "cafe":
        windows = [(pick(("07:00", "07:30")), pick(("09:30", "10:00")))]
        windows.append(("14:00", pick(("15:30", "16:00"))))
    elif channel == "restaurant":
        windows = [(pick(("08:00", "08:30")), pick(("10:00", "10:30")))]
        if rng.random() < 0.7:
            windows.append(("14:00", pick(("16:00", "16:30"))))
    elif channel == "bar":
        windows = [
            (pick(("09:30", "10:00", "11:00")), pick(("14:00", "15:00", "16:00")))
        ]
    elif channel == "supermarket":
        windows = [(pick(("05:00", "05:30")), pick(("08:30", "09:00")))]
    elif channel == "wholesale":
        windows = [
            (pick(("06:00", "07:00")), "11:30"),
            ("13:00", pick(("16:00", "16:30"))),
        ]
    else:
        windows = [("08:00", "11:00")]
        if rng.random() < 0.3:
            windows.append(("13:30", "16:00"))

    return tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in windows)


def _delivery_weekdays(rng: random.Random, band: str) -> tuple[int, ...]:
    count = rng.choice(DELIVERY_DAYS_BY_BAND[band])
    if count == 1:
        return (rng.choices(range(6), SINGLE_DAY_WEIGHTS)[0],)

    return rng.choice(WEEKDAY_PATTERNS[count])
