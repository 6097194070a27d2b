"""Costing results kept in the process, so paging and sorting never recompute.

A costing run over a year of a large distributor takes seconds; the finance
pages page, sort and filter its outlet rows many times. Each result is kept per
distributor and period under a key of the input tables' sizes (row count and
highest id of each), which changes whenever data is added or removed; edits
that go through the services leave an audit record, whose highest id is part of
the key too. What the pages build from a result (rows, months) is kept beside it.
"""

from __future__ import annotations

import logging
import threading
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
_SCOPED = (
    Outlet,
    Territory,
    Delivery,
    DrivenRoute,
    ServiceVisit,
    TradePayment,
    Promotion,
    RateCard,
    Vehicle,
    Asset,
)
_UNSCOPED = (DrivenStop, VehicleRate, AuditRecord)


@dataclass
class CostedPeriod:
    """A costing result and what the pages have already built from it."""

    result: CostingResult
    _kept: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def kept(self, key: tuple, build: Callable[[CostingResult], Any]) -> Any:
        """The value ``build(result)`` returns, built once per ``key``."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
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

    def get(self, key: tuple) -> CostedPeriod | None:
        """The entry under ``key``, if kept."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: CostedPeriod) -> None:
        """Keep an entry, dropping the least recently used beyond the size."""
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

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
    """Row count and highest id of every table a costing run reads."""
    parts = []
    for model in _SCOPED:
        query = select(func.count(), func.max(model.id)).where(
            model.distributor_id == distributor.id
        )
        parts.append(query)
    for model in _UNSCOPED:
        parts.append(select(func.count(), func.max(model.id)))
    parts.append(select(func.count(), func.max(promotion_outlets.c.outlet_id)))

    key = []
    for query in parts:
        count, highest = db.session.execute(query).one()
        key.extend((count, highest))

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

    entry = CostedPeriod(cost_period(distributor, start, end))
    cache.put(key, entry)
    return entry
