"""A deterministic, realistic demo data set for one distributor in Ho Chi Minh City.

``seed_demo()`` stores a beverage distributor with its depot in District 7, a
dozen trucks, about 600 outlets in four territories, 90 days of deliveries, the
coolers at the outlets with their service visits, and a user for every role.
The same end date always gives the same rows. Nothing is committed here: the
caller commits once.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import click
from sqlalchemy import select

from ..errors import Conflict
from ..extensions import db
from ..models import Distributor, User
from .dataset import DEMO_CODE, DEMO_TIMEZONE, build_demo
from .fleet import truck_count
from .people import DEMO_PASSWORD, demo_emails
from .removal import remove_distributor_data
from .writer import Advance, write_demo

__all__ = ["DEMO_CODE", "DEMO_PASSWORD", "DemoSummary", "remove_demo", "seed_demo"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoSummary:
    """What a demo load stored: rows per table and the days of history."""

    code: str
    first_day: date
    last_day: date
    counts: dict[str, int]


def seed_demo(progress: bool = False, end_date: date | None = None) -> DemoSummary:
    """Store the demo data set, its history ending the day before ``end_date``.

    ``end_date`` defaults to today in the demo distributor's timezone. With
    ``progress`` a progress bar is shown on the terminal.

    Raises:
        Conflict: the demo distributor, or one of the demo users, exists already.
    """
    started = time.perf_counter()
    if _demo_distributor_id() is not None:
        raise Conflict(
            f"a distributor with code {DEMO_CODE} exists", {"code": ["is taken"]}
        )

    data = build_demo(end_date or demo_today())
    emails = [person.email for person in data.people]
    taken = db.session.scalars(select(User.email).where(User.email.in_(emails))).all()
    if taken:
        raise Conflict(
            "demo users exist without the demo distributor: "
            + ", ".join(sorted(taken)),
            {"email": [f"{email} is taken" for email in sorted(taken)]},
        )

    with _progress_bar(progress, data.row_count()) as advance:
        counts = write_demo(data, advance)

    logger.info(
        "loaded demo distributor %s: %s outlets, %s vehicles, %s deliveries "
        "from %s to %s, %s service visits in %.1f s",
        DEMO_CODE,
        counts["outlets"],
        counts["vehicles"],
        counts["deliveries"],
        data.days[0],
        data.days[-1],
        counts["service_visits"],
        time.perf_counter() - started,
    )
    return DemoSummary(DEMO_CODE, data.days[0], data.days[-1], counts)


def remove_demo() -> int:
    """Delete the demo distributor with all its data and the demo users.

    Returns how many rows were deleted; 0 when there was no demo data.
    """
    return remove_distributor_data(_demo_distributor_id(), demo_emails(truck_count()))


def demo_today() -> date:
    """Today's date in the demo distributor's timezone."""
    return datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()


def _demo_distributor_id() -> int | None:
    return db.session.scalar(select(Distributor.id).filter_by(code=DEMO_CODE))


@contextmanager
def _progress_bar(enabled: bool, total: int) -> Iterator[Advance]:
    if not enabled:
        yield lambda rows, table: None
        return

    with click.progressbar(
        length=total,
        label="Loading demo data",
        item_show_func=lambda table: table,
    ) as bar:
        yield lambda rows, table: bar.update(rows, table)
