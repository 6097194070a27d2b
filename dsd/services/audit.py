"""Audit records for business changes: who, when, before and after."""

import logging

from flask import g, has_request_context

from ..extensions import db
from ..models import AuditRecord

logger = logging.getLogger(__name__)


def snapshot(obj, fields: tuple[str, ...]) -> dict:
    """The named attributes of a record, as JSON-friendly values."""
    values = {}
    for name in fields:
        value = getattr(obj, name)
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        values[name] = value

    return values


def record_change(
    action: str,
    obj,
    *,
    distributor_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Add an audit record for a change to ``obj`` made by the current caller."""
    user = g.get("caller") if has_request_context() else None
    db.session.add(
        AuditRecord(
            user_id=user.id if user is not None else None,
            distributor_id=distributor_id,
            action=action,
            entity=obj.__tablename__,
            entity_id=obj.id,
            before=before,
            after=after,
        )
    )
