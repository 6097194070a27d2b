"""Removing the demo distributor and everything that hangs off it."""

import logging
from collections.abc import Iterable

from sqlalchemy import Table, delete, or_, select
from sqlalchemy.sql.elements import ColumnElement

from ..extensions import db

logger = logging.getLogger(__name__)


def remove_distributor_data(distributor_id: int | None, emails: Iterable[str]) -> int:
    """Delete a distributor, every row that refers to it, and the named users.

    With no distributor (``None``) only the named users and what refers to them go.

    Rows are found through the foreign keys of the whole schema, so tables added
    later are covered without change; children go before their parents. Returns
    how many rows were deleted.
    """
    emails = list(emails)
    conditions: dict[str, ColumnElement | None] = {}
    removed = 0
    for table in reversed(db.metadata.sorted_tables):
        condition = _doomed_rows(table, distributor_id, emails, conditions)
        if condition is not None:
            removed += db.session.execute(delete(table).where(condition)).rowcount

    logger.info(
        "removed distributor %s and %s named users: %s rows",
        distributor_id,
        len(emails),
        removed,
    )
    return removed


def _doomed_rows(
    table: Table, distributor_id: int | None, emails: list[str], memo: dict
) -> ColumnElement | None:
    """The condition picking the rows of ``table`` that go, or None if none do."""
    if table.name in memo:
        return memo[table.name]

    memo[table.name] = None
    reasons = []
    if table.name == "distributors" and distributor_id is not None:
        reasons.append(table.c.id == distributor_id)
    if table.name == "users":
        reasons.append(table.c.email.in_(emails))
    for key in table.foreign_keys:
        parent = key.column.table
        if parent is table:
            continue
        parent_rows = _doomed_rows(parent, distributor_id, emails, memo)
        if parent_rows is not None:
            reasons.append(key.parent.in_(select(key.column).where(parent_rows)))

    memo[table.name] = or_(*reasons) if reasons else None
    return memo[table.name]
