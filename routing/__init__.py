"""Route optimisation: one day's replenishment problem in, truck routes out.

Build a ``Problem`` from ``Location``, ``Vehicle`` and ``Stop`` records (units
in ``routing.model``), then::

    solution = solve(problem, Params(time_limit_s=30), progress=callback)

``progress`` gets the best cost at least once a second; a ``should_stop``
callable (for example ``threading.Event().is_set``) is asked about ten times a
second, and either can cancel the solve, which then returns its best plan.
A plan always comes back, even when the time limit runs out first.

``solution.routes`` holds each truck's visits with arrival, waiting, departure
and load after each drop; ``solution.dropped`` every stop left out with its
reason and figures; ``solution.totals`` the plan totals. ``stop_costs`` prices
each stop of a plan for the dispatcher (saving if removed, cost of forcing in).
``unservable`` lists, before solving, the stops no truck could ever serve.

The package is plain Python on OR-Tools, with PyVRP for a first plan. It takes
plain data and returns plain data.
"""

from routing.errors import (
    CostOverflow,
    InvalidValue,
    LocksCannotBeKept,
    MatrixUnavailable,
    RoutingError,
    UnrepresentableValue,
)
from routing.explain import StopCost, stop_costs
from routing.feasibility import unservable
from routing.matrix import (
    ExplicitMatrix,
    GreatCircleMatrix,
    MatrixProvider,
    OsrmTableMatrix,
    TravelMatrix,
)
from routing.model import (
    Break,
    Dimension,
    Location,
    Params,
    Problem,
    SequenceLock,
    Stop,
    StopLock,
    TimeWindow,
    Vehicle,
    validate,
)
from routing.solution import DroppedStop, Route, Solution, Totals, Visit
from routing.solver import solve

__all__ = [
    "Break",
    "CostOverflow",
    "Dimension",
    "DroppedStop",
    "ExplicitMatrix",
    "GreatCircleMatrix",
    "InvalidValue",
    "Location",
    "LocksCannotBeKept",
    "MatrixProvider",
    "MatrixUnavailable",
    "OsrmTableMatrix",
    "Params",
    "Problem",
    "Route",
    "RoutingError",
    "SequenceLock",
    "Solution",
    "Stop",
    "StopCost",
    "StopLock",
    "TimeWindow",
    "Totals",
    "TravelMatrix",
    "UnrepresentableValue",
    "Vehicle",
    "Visit",
    "solve",
    "stop_costs",
    "unservable",
    "validate",
]
