"""Periods and figures as the finance pages show them.

Every figure arrives as the string `costing.records` made ("-1234.50"); the
pages only add thousands separators, so a page, the API and the CSV export
show the same number.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..errors import InvalidValue
from ..models import Distributor

logger = logging.getLogger(__name__)

# What an undefined figure (a ratio over zero) reads as.
UNDEFINED = "n/a"


def yesterday(distributor: Distributor, now: datetime | None = None) -> date:
    """The distributor's local date before today."""
    local = (now or datetime.now(tz=ZoneInfo("UTC"))).astimezone(
        ZoneInfo(distributor.timezone)
    )
    return local.date() - timedelta(days=1)


def default_period(distributor: Distributor, now: datetime | None = None):
    """The 12 months ending yesterday: (first day, last day), local dates."""
    end = yesterday(distributor, now)
    try:
        year_before = end.replace(year=end.year - 1)
    except ValueError:
        # 29 February: the year before has none, so the period starts on 1 March.
        year_before = end.replace(year=end.year - 1, day=28)
    return year_before + timedelta(days=1), end


def period_from(args, distributor: Distributor) -> tuple[date, date]:
    """The period named by the ``from`` and ``to`` arguments, or the default one.

    Raises:
        InvalidValue: a date is not YYYY-MM-DD, or the period ends before it starts.
    """
    start, end = default_period(distributor)
    errors = {}
    for name in ("from", "to"):
        text = (args.get(name) or "").strip()
        if not text:
            continue
        try:
            value = date.fromisoformat(text)
        except ValueError:
            errors[name] = ["must be a date written YYYY-MM-DD"]
            continue
        if name == "from":
            start = value
        else:
            end = value
    if errors:
        raise InvalidValue("the period is not valid", errors)

    if end < start:
        raise InvalidValue("the period is not valid", {"to": ["ends before it starts"]})
    return start, end


def months_of(start: date, end: date) -> list[tuple[str, date, date]]:
    """The calendar months a period touches, clipped to it: (YYYY-MM, first, last)."""
    months = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = min(end, following - timedelta(days=1))
        months.append((first.strftime("%Y-%m"), first, last))
        first = following

    return months


def grouped(text: str | None) -> str:
    """A figure with thousands separators: "-1234567.50" -> "-1,234,567.50"."""
    if text is None:
        return UNDEFINED

    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"


def is_negative(text: str | None) -> bool:
    """Whether a figure is below zero (an undefined one is not)."""
    return text is not None and Decimal(text) < 0


def number(text: str | None) -> Decimal | None:
    """A figure as an exact number, None when undefined."""
    return None if text is None else Decimal(text)
