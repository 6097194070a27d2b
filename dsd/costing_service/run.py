"""One costing run: read the inputs of a distributor and period, cost them."""

import logging
import time
from datetime import date
from decimal import Decimal, InvalidOperation

from costing.engine import compute
from costing.errors import CostingError
from costing.inputs import Period
from costing.params import CostingParams
from costing.result import CostingResult

from ..errors import InvalidValue, field_error
from ..models import Distributor
from .errors import domain_error
from .reading import read_inputs

logger = logging.getLogger(__name__)

WHOLE_PARAMS = ("churn_recent_days", "churn_baseline_days")


def costing_params(distributor: Distributor) -> CostingParams:
    """The distributor's churn and value settings, or the method's defaults."""
    values = dict(distributor.costing_params or {})
    known = set(CostingParams.__dataclass_fields__)
    unknown = sorted(set(values) - known)
    if unknown:
        raise InvalidValue(
            "unknown costing settings",
            {name: ["is not a costing setting"] for name in unknown},
        )

    settings = {}
    for name, value in values.items():
        if name in WHOLE_PARAMS:
            settings[name] = value
            continue
        try:
            settings[name] = Decimal(str(value))
        except InvalidOperation as error:
            raise field_error(name, "must be a decimal number") from error

    return CostingParams(**settings)


def cost_period(distributor: Distributor, start: date, end: date) -> CostingResult:
    """Cost one distributor's period, reading its inputs from the database.

    Raises:
        InvalidValue: the period starts after it ends, a setting is bad, no
            rate is in force on a date that needs one, or a stored record
            breaks a rule of the method (naming the row and field).
    """
    started = time.perf_counter()
    try:
        period = Period(start, end)
        params = costing_params(distributor)
        params.validate()
        inputs = read_inputs(distributor, start, end, params)
        read_s = time.perf_counter() - started
        result = compute(inputs, period, params)
    except CostingError as error:
        # The text, not the exception: a kept log record would keep its frames.
        logger.info(
            "refused costing %s %s..%s: %s", distributor.code, start, end, str(error)
        )
        raise domain_error(error) from error

    logger.info(
        "costed %s %s..%s: %d outlets, %d routes, %d deliveries read, "
        "%.2f s (%.2f s reading)",
        distributor.code,
        start,
        end,
        len(result.outlets),
        len(inputs.routes),
        len(inputs.deliveries),
        time.perf_counter() - started,
        read_s,
    )
    return result
