"""Turning the costing engine's errors into the service's domain errors."""

from costing import errors as costing_errors

from ..errors import DomainError, InvalidValue


def domain_error(error: costing_errors.CostingError) -> DomainError:
    """The 4xx answer for a costing input that breaks a rule of the method.

    The errors are keyed by the row concerned (a route, a delivery, a rate
    card) and then by field, as file imports key theirs.
    """
    if isinstance(error, costing_errors.InvalidPeriod):
        reason = f"must not be after to ({error.end.isoformat()})"
        return InvalidValue(str(error), {"from": [reason]})
    if isinstance(error, costing_errors.MissingRate):
        owner = error.owner
        message = f"{owner}: no {error.rate} in force on {error.on.isoformat()}"
        reason = (
            f"no {error.rate} is in force on {error.on.isoformat()}; "
            f"add one effective on or before that date"
        )
        return InvalidValue(message, {owner: {error.rate: [reason]}})

    field = error.field or "value"
    if error.row:
        return InvalidValue(str(error), {error.row: {field: [error.rule]}})
    return InvalidValue(str(error), {field: [error.rule]})
