"""What bulk ingest shares: the per-row policy and the report it returns."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import Conflict, InvalidValue
from ..values import Unreadable

logger = logging.getLogger(__name__)


class RowRefused(Exception):
    """One row of a batch breaks a rule; ``errors`` maps its fields to reasons."""

    def __init__(self, errors: dict[str, list[str]], *, conflict: bool = False):
        super().__init__(errors)
        self.errors = errors
        self.conflict = conflict


@dataclass
class SkippedRow:
    row: str
    errors: dict[str, list[str]]


@dataclass
class IngestReport:
    """What a batch did: rows received, records created, rows already recorded."""

    received: int = 0
    created: int = 0
    unchanged: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The report as plain JSON-ready data."""
        return {
            "received": self.received,
            "created": self.created,
            "unchanged": self.unchanged,
            "skipped": [{"row": s.row, "errors": s.errors} for s in self.skipped],
            "warnings": self.warnings,
            "ignored_columns": self.ignored_columns,
        }


# Databases cap the parameters of one statement (SQLite at 32766), so reference
# look-ups for a large batch go a few hundred values at a time.
LOOKUP_CHUNK = 500


def fetch_in_chunks(query_for: Callable[[list], Iterable], values: set) -> list:
    """The rows ``query_for(chunk)`` gives over all values, chunk by chunk."""
    ordered = sorted(values)
    rows: list = []
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        rows.extend(query_for(ordered[start : start + LOOKUP_CHUNK]))

    return rows


def row_labels(count: int, labels: list[str] | None) -> list[str]:
    """Labels naming each row in errors: given ones, or "row 1", "row 2", ..."""
    if labels is not None:
        return labels

    return [f"row {number}" for number in range(1, count + 1)]


def counted(pairs, total: int, progress):
    """The pairs, calling ``progress(done, total)`` after each when given."""
    for done, pair in enumerate(pairs, start=1):
        yield pair
        if progress is not None:
            progress(done, total)


def unknown_field_reason(value) -> str:
    """Why a field is refused: a cell the reader could not use, or an unknown name."""
    if isinstance(value, Unreadable):
        return value.reason

    return "is not a known field"


def run_rows(
    rows: Iterable[tuple[str, object]],
    handle: Callable[[str, object], str],
    *,
    skip_bad_rows: bool,
    report: IngestReport,
    what: str,
) -> IngestReport:
    """Apply ``handle`` to each row and enforce the all-or-nothing policy.

    ``handle`` returns "created" or "unchanged", or raises RowRefused. Unless
    ``skip_bad_rows``, any refused row refuses the whole batch: the caller then
    rolls back. A batch whose every bad row only clashes with stored data is a
    Conflict (409), any other an InvalidValue (422).
    """
    refused: dict[str, dict[str, list[str]]] = {}
    all_conflicts = True
    for label, row in rows:
        report.received += 1
        try:
            outcome = handle(label, row)
        except RowRefused as error:
            refused[label] = error.errors
            all_conflicts = all_conflicts and error.conflict
            continue
        if outcome == "created":
            report.created += 1
        else:
            report.unchanged += 1

    if refused and not skip_bad_rows:
        kind = Conflict if all_conflicts else InvalidValue
        count = len(refused)
        raise kind(
            f"{count} {'row' if count == 1 else 'rows'} of the {what} "
            "refused; nothing was stored",
            refused,
        )

    report.skipped = [SkippedRow(label, errors) for label, errors in refused.items()]
    return report
