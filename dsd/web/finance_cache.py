"""Costing results kept in the process, so paging and sorting never recompute.

A costing run over a year of a large distributor takes seconds; the finance
pages page, sort and filter its outlet rows many times. Each result is kept per
distributor and period under a key of the input tables' state (highest id of
each, and the row count of the small ones), which changes whenever data is
added or removed; edits that leave an audit record change it too. Any other
edit shows once the result is `KEPT_SECONDS` old. What the pages build from a
result (rows, months) is kept beside it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from costing.result import CostingResult

from ..costing_service.run import cost_period
from ..extensions import db
from ..models import (
    Asset,
    AuditRecord,
    Delivery,
    Distributor,
    DrivenRoute,
    DrivenStop,
    Outlet,
    Promotion,
    RateCard,
    ServiceVisit,
    Territory,
    TradePayment,
    Vehicle,
    VehicleRate,
)
from ..models.costing import promotion_outlets

logger = logging.getLogger(__name__)

# Results kept per process: a year of 10,000 outlets with a million deliveries
# holds about 100 MB, and twice that once its months are costed too.
RESULTS_KEPT = 8
# Values kept per result: row lists (filter and sort combinations, sharing the
# same row dicts), months, the inputs they were costed from.
KEPT_PER_RESULT = 64
# Tables whose rows are only ever added or replaced by new rows (a route stored
# again gets new stops): the highest id tells a change, and is read from the
# index at once, where counting a million rows would take a quarter second.
_GROWING = (Delivery, DrivenRoute, ServiceVisit)
_GROWING_EVERYWHERE = (DrivenStop, AuditRecord)
# Small tables, whose rows may also be removed: count and highest id.
_SMALL = (Outlet, Territory, TradePayment, Promotion, RateCard, Vehicle, Asset)
_SMALL_EVERYWHERE = (VehicleRate,)
# Edits that neither add a row nor leave an audit record show after this long.
KEPT_SECONDS = 600


@dataclass
class CostedPeriod:
    """A costing result and what the pages have already built from it."""

    result: CostingResult
    made: float = field(default_factory=time.monotonic)
    _kept: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _building: threading.RLock = field(default_factory=threading.RLock)

    def kept(self, key: tuple, build: Callable[[CostingResult], Any]) -> Any:
        """The value ``build(result)`` returns, built once per ``key``."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]

        # One build at a time, so that requests arriving together share it.
        with self._building:
            with self._lock:
                if key in self._kept:
                    return self._kept[key]
            value = build(self.result)
            with self._lock:
                self._kept[key] = value
                while len(self._kept) > KEPT_PER_RESULT:
                    self._kept.popitem(last=False)
        return value


class CostingCache:
    """The most recently used costing results of this process."""

    def __init__(self, size: int = RESULTS_KEPT):
        self.size = size
        self._entries: OrderedDict[tuple, CostedPeriod] = OrderedDict()
        self._lock = threading.Lock()
        self._periods: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple) -> CostedPeriod | None:
        """The entry under ``key``, if kept and not older than `KEPT_SECONDS`."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry.made > KEPT_SECONDS:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: CostedPeriod) -> None:
        """Keep an entry, dropping the least recently used beyond the size."""
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def costing(self, period: tuple) -> threading.Lock:
        """The lock held while a period is costed, one per distributor and period."""
        with self._lock:
            return self._periods.setdefault(period, threading.Lock())

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._entries.clear()


def costing_cache() -> CostingCache:
    """The current application's cache."""
    extensions = current_app.extensions
    if "finance_costing" not in extensions:
        extensions["finance_costing"] = CostingCache()

    return extensions["finance_costing"]


def data_key(distributor: Distributor) -> tuple:
    """The state of every table a costing run reads, in a few index look-ups."""
    queries = [
        select(func.max(model.id)).where(model.distributor_id == distributor.id)
        for model in _GROWING
    ]
    queries += [select(func.max(model.id)) for model in _GROWING_EVERYWHERE]
    queries += [
        select(func.count(), func.max(model.id)).where(
            model.distributor_id == distributor.id
        )
        for model in _SMALL
    ]
    queries += [select(func.count(), func.max(model.id)) for model in _SMALL_EVERYWHERE]
    queries.append(select(func.count(), func.max(promotion_outlets.c.outlet_id)))

    key = []
    for query in queries:
        key.extend(db.session.execute(query).one())

    settings = sorted((distributor.costing_params or {}).items())
    return (distributor.currency, distributor.timezone, repr(settings), *key)


def costed_period(
    distributor: Distributor, start: date, end: date, state: tuple | None = None
) -> CostedPeriod:
    """The costing result of a distributor's period, computed once per data state.

    ``state`` is the distributor's `data_key`, when the caller costs several
    periods at once and has read it already.

    Raises:
        InvalidValue: as `cost_period` does.
    """
    cache = costing_cache()
    key = (distributor.id, start, end, state or data_key(distributor))
    entry = cache.get(key)
    if entry is not None:
        return entry

    # Requests for a period being costed wait for that run instead of another.
    with cache.costing(key[:3]):
        entry = cache.get(key)
        if entry is None:
            entry = CostedPeriod(cost_period(distributor, start, end))
            cache.put(key, entry)
    return entry
