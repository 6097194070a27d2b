"""The outlet and churn rows of a kept costing result, filtered and sorted.

Every outlet row is formatted once per result by `reports.outlet_records`, the
function behind the API and the CSV export; each filter and order then only
picks and sorts those same rows (as `reports.outlet_records` would), so a new
order over 10,000 outlets costs a sort, not a new formatting of every figure.
"""

from __future__ import annotations

import logging

from costing import records

from ..costing_service import reports
from ..errors import InvalidValue
from .finance_cache import CostedPeriod

logger = logging.getLogger(__name__)


def _matches(row: dict, channel, territory, size_band, needle: str) -> bool:
    if channel is not None and row["channel"] != channel:
        return False
    if territory is not None and (row["territory"] or "(none)") != territory:
        return False
    if size_band is not None and row["size_band"] != size_band:
        return False
    return not needle or needle in f"{row['outlet']}\n{row['name']}".lower()


def outlet_rows(costed: CostedPeriod, sort: str, **filters) -> list[dict]:
    """The outlet rows matching the filters, sorted by one column.

    Raises:
        InvalidValue: the order names no column of the report.
    """
    every = costed.kept(("outlets",), reports.outlet_records)

    def build(_result) -> list[dict]:
        needle = (filters.get("search") or "").strip().lower()
        rows = [
            row
            for row in every
            if _matches(
                row,
                filters.get("channel"),
                filters.get("territory"),
                filters.get("size_band"),
                needle,
            )
        ]
        return reports.sorted_records(rows, sort, records.OUTLET_COLUMNS)

    key = ("outlets", sort, *sorted(filters.items()))
    return costed.kept(key, build)


def churn_rows(costed: CostedPeriod, sort: str, **filters) -> list[dict]:
    """The churn report's rows matching the filters, sorted by one column.

    Raises:
        InvalidValue: the order names no column of the churn report.
    """
    if sort.lstrip("-") not in reports.CHURN_COLUMNS:
        raise InvalidValue(
            "cannot sort by that",
            {"sort": ["must be one of the churn report's columns, optionally with -"]},
        )

    def build(_result) -> list[dict]:
        rows = outlet_rows(costed, sort, **filters)
        return [{name: row[name] for name in reports.CHURN_COLUMNS} for row in rows]

    key = ("churn", sort, *sorted(filters.items()))
    return costed.kept(key, build)
