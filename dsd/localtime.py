"""Local wall-clock times on a service date, turned into UTC instants.

Receiving windows and shifts are written as local times of the distributor's
time zone. On the two days a year the clocks change, a day is 23 or 25 hours
long, so a local time cannot be added to midnight as a fixed offset. Two rules
settle the times that do not map to exactly one instant:

- a time that does not exist (inside the spring-forward gap, such as 02:30 when
  clocks jump from 02:00 to 03:00) moves forward to the end of the gap (03:00);
- a time that happens twice (inside the autumn fold, such as 02:30 when clocks go
  back from 03:00 to 02:00) means its first occurrence.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def _is_real(local: datetime) -> bool:
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def _end_of_gap(local: datetime) -> datetime:
    """The first instant after the gap that swallowed ``local``, in UTC."""
    # Either fold of a missing time brackets the clock change; halve to the minute.
    low = local.replace(fold=1).astimezone(UTC)
    high = local.replace(fold=0).astimezone(UTC)
    low, high = min(low, high), max(low, high)
    zone = local.tzinfo
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle

    return high.replace(microsecond=0)


def local_instant(service_date: date, wall: time, timezone: str) -> datetime:
    """The UTC instant of a local wall-clock time on a service date."""
    local = datetime.combine(service_date, wall, tzinfo=ZoneInfo(timezone))
    if not _is_real(local):
        return _end_of_gap(local)

    return local.replace(fold=0).astimezone(UTC)


def local_span(
    service_date: date, start: time, end: time, timezone: str
) -> tuple[datetime, datetime]:
    """UTC start and end of a local span such as a shift or a receiving window."""
    return (
        local_instant(service_date, start, timezone),
        local_instant(service_date, end, timezone),
    )


def local_day(service_date: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC instants at which a local service date begins and ends."""
    return (
        local_instant(service_date, time(0), timezone),
        local_instant(service_date + timedelta(days=1), time(0), timezone),
    )


def to_local(instant: datetime, timezone: str) -> datetime:
    """An aware instant shown on the distributor's wall clock."""
    return instant.astimezone(ZoneInfo(timezone))
