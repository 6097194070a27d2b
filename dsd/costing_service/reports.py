"""A costing result as report rows: the same strings for the API, CSV and CLI.

Every figure comes from `costing.records`, so the JSON answer, the CSV export
and the command line show identical strings.
"""

import csv
import io
import logging
from decimal import Decimal

from costing import records
from costing.result import CostingResult

from ..csvsafe import safe_cell
from ..errors import InvalidValue

logger = logging.getLogger(__name__)

DIMENSIONS = ("channel", "territory", "size_band")
REPORTS = ("outlet", "churn") + DIMENSIONS + ("whale",)
IDENTITY_COLUMNS = ("outlet", "name", "channel", "territory", "size_band")
CHURN_COLUMNS = (
    IDENTITY_COLUMNS
    + tuple(name for name in records.OUTLET_COLUMNS if name.startswith("churn_"))
    + ("net_contribution", "annualised_contribution", "retention")
    + ("clv_multiplier", "clv")
)
# Text columns sort as text; every other column sorts by its number.
TEXT_COLUMNS = set(IDENTITY_COLUMNS) | {"churn_band", "churn_reason"}


def outlet_records(
    result: CostingResult,
    *,
    channel: str | None = None,
    territory: str | None = None,
    size_band: str | None = None,
    search: str | None = None,
    sort: str | None = None,
) -> list[dict[str, str | None]]:
    """The outlet rows of a result, filtered and sorted (by outlet code if unsorted).

    ``search`` finds text in the outlet's code or name, ignoring case;
    ``sort`` names a column, with a leading "-" for descending.
    """
    exponent = result.exponent
    needle = (search or "").strip().lower()
    rows = []
    for row in result.outlets:
        outlet = row.outlet
        if channel is not None and outlet.channel != channel:
            continue
        if territory is not None and (outlet.territory or "(none)") != territory:
            continue
        if size_band is not None and outlet.size_band != size_band:
            continue
        if needle and needle not in f"{outlet.code}\n{outlet.name}".lower():
            continue
        rows.append(records.outlet_record(row, exponent))

    return sorted_records(rows, sort or "outlet", records.OUTLET_COLUMNS)


def sorted_records(rows: list[dict], sort: str, columns: tuple[str, ...]) -> list:
    """Rows sorted by one column; undefined figures come last either way."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in columns:
        raise InvalidValue(
            "cannot sort by that",
            {
                "sort": [
                    f"must be one of the report's columns, optionally with -: {name}"
                ]
            },
        )

    def key(row: dict):
        value = row[name]
        if name in TEXT_COLUMNS or value in ("true", "false"):
            return value or ""
        return Decimal(value)

    present = [row for row in rows if row[name] is not None]
    missing = [row for row in rows if row[name] is None]
    present.sort(key=lambda row: row["outlet"] if "outlet" in row else "")
    present.sort(key=key, reverse=descending)
    return present + missing


def churn_records(result: CostingResult, **filters) -> list[dict[str, str | None]]:
    """Outlet value and churn risk with its signals, highest score first."""
    filters.setdefault("sort", None)
    filters["sort"] = filters["sort"] or "-churn_score"
    if filters["sort"].lstrip("-") not in CHURN_COLUMNS:
        raise InvalidValue(
            "cannot sort by that",
            {"sort": ["must be one of the churn report's columns, optionally with -"]},
        )
    rows = outlet_records(result, **filters)
    return [{name: row[name] for name in CHURN_COLUMNS} for row in rows]


def segment_records(result: CostingResult, dimension: str) -> list[dict]:
    """The segment rows of one dimension, then its TOTAL row."""
    if dimension not in DIMENSIONS:
        raise InvalidValue(
            "unknown roll-up", {"by": [f"must be one of {', '.join(DIMENSIONS)}"]}
        )

    return [
        records.segment_record(row, result.exponent)
        for row in result.segments[dimension]
    ]


def whale_records(result: CostingResult) -> dict:
    """The whale curve's points and summary figures."""
    return {
        "points": records.whale_records(result.whale, result.exponent),
        "summary": records.whale_summary(result.whale, result.exponent),
    }


def summary_record(result: CostingResult) -> dict:
    """The distributor total and the reconciliation of the pools."""
    formatted = records.result_records(result)
    return {
        "currency": formatted["currency"],
        "period": formatted["period"],
        "total": formatted["total"],
        "reconciliation": formatted["reconciliation"],
    }


def report_table(result: CostingResult, by: str, **filters) -> tuple[tuple, list]:
    """The columns and rows of one report: outlet, churn, a roll-up or whale."""
    if by == "outlet":
        return records.OUTLET_COLUMNS, outlet_records(result, **filters)
    if by == "churn":
        return CHURN_COLUMNS, churn_records(result, **filters)
    if by == "whale":
        return records.WHALE_COLUMNS, whale_records(result)["points"]
    if by in DIMENSIONS:
        return records.SEGMENT_COLUMNS, segment_records(result, by)

    raise InvalidValue(
        "unknown report", {"by": [f"must be one of {', '.join(REPORTS)}"]}
    )


def csv_text(columns: tuple[str, ...], rows: list[dict]) -> str:
    """Rows as CSV text with a header; an undefined figure is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row[name]) for name in columns])

    return buffer.getvalue()
