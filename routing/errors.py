"""Exceptions raised by the route engine, each named for the rule broken."""


class RoutingError(Exception):
    """Base class of every error the route engine raises."""


class InvalidValue(RoutingError, ValueError):
    """An input value breaks a rule; names the item (stop, vehicle) and field."""

    def __init__(self, item: str, field: str, reason: str):
        self.item = item
        self.field = field
        self.reason = reason
        super().__init__(f"{item}: {field} {reason}")


class UnrepresentableValue(InvalidValue):
    """A value is not a whole number of the integer unit the solver works in."""


class CostOverflow(RoutingError):
    """Costs and penalties so large that the solver's integer sums could overflow."""

    def __init__(self, bound: int, limit: int):
        self.bound = bound
        self.limit = limit
        super().__init__(
            f"the plan cost could reach {bound} solver units, above the limit of "
            f"{limit}; lower the drop penalties or cost rates"
        )


class MatrixUnavailable(RoutingError):
    """The travel matrix could not be obtained or has the wrong shape or values."""


class LocksCannotBeKept(RoutingError):
    """The locked stops and sequences admit no feasible plan."""

    def __init__(self, stop_ids: list[str]):
        self.stop_ids = stop_ids
        super().__init__(
            "no plan keeps every lock; locked stops involved: " + ", ".join(stop_ids)
        )
