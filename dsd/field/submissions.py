"""Idempotent field writes: each carries an id made on the phone.

The first accepted submission under an id is stored with its answer. Sending
the same id again (a retry after a lost answer, a double tap, the offline queue
flushing twice) gets that first answer back and changes nothing. Reusing an id
for different values is refused, so a phone bug cannot hide a lost entry.
"""

import hashlib
import json
import logging
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from ..errors import Conflict
from ..extensions import db
from ..models import FieldSubmission, User

logger = logging.getLogger(__name__)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)

    raise TypeError(f"cannot digest {type(value).__name__}")


def digest(kind: str, target_id: int, values: dict) -> str:
    """A fingerprint of what was submitted, to tell a resend from a reused id."""
    text = json.dumps(
        {"kind": kind, "target": target_id, "values": values},
        sort_keys=True,
        default=_plain,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def earlier_answer(
    key: str, user: User, kind: str, target_id: int, values: dict
) -> dict | None:
    """The answer given to this submission id before, or None if it is new."""
    stored = db.session.scalar(select(FieldSubmission).filter_by(submission_key=key))
    if stored is None:
        return None

    same = (
        stored.user_id == user.id
        and stored.kind == kind
        and stored.target_id == target_id
        and stored.digest == digest(kind, target_id, values)
    )
    if not same:
        raise Conflict(
            f"submission id {key!r} was already used for a different entry",
            {"submission_id": ["was already used for a different entry"]},
        )
    logger.info("submission %s from %s resent; first answer given", key, user.email)
    return stored.response


def answer_for_key(key: str, user: User) -> dict | None:
    """The stored answer of a submission id sent by this user, if any."""
    stored = db.session.scalar(
        select(FieldSubmission).filter_by(submission_key=key, user_id=user.id)
    )
    return None if stored is None else stored.response


def remember(
    key: str, user: User, kind: str, target_id: int, values: dict, answer: dict
) -> None:
    """Store an accepted submission with its answer (in the caller's transaction)."""
    db.session.add(
        FieldSubmission(
            submission_key=key,
            distributor_id=user.distributor_id,
            user_id=user.id,
            kind=kind,
            target_id=target_id,
            digest=digest(kind, target_id, values),
            response=answer,
        )
    )
    db.session.flush()


def submit(key: str, user: User, kind: str, target_id: int, values: dict, apply):
    """Apply a field write once: ``apply()`` runs only for a new submission id.

    Returns the answer: the one ``apply`` gave now, or the one given the first
    time this id was sent.
    """
    answer = earlier_answer(key, user, kind, target_id, values)
    if answer is not None:
        return answer

    answer = apply()
    remember(key, user, kind, target_id, values, answer)
    return answer
