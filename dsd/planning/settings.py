"""The knobs of a plan, with defaults a distributor can override per plan."""

import math
from dataclasses import asdict, dataclass, fields

from ..errors import InvalidValue
from .replenishment import ReplenishmentSettings

# The range each setting may take: wide enough for any real operation, narrow
# enough that no figure derived from it overflows.
LIMITS = {
    "threshold_days": (0, 60),
    "revisit_days": (0, 30),
    "history_days": (7, 366),
    "new_outlet_turnover_days": (1, 90),
    "service_fixed_s": (0, 7200),
    "service_s_per_case": (0, 600),
    "circuity": (1, 3),
    "speed_kmh": (3, 130),
    "time_limit_s": (1, 600),
    "seed": (0, 2**31 - 1),
}


@dataclass(frozen=True)
class PlanSettings:
    """Replenishment thresholds, service times, travel speeds and solve time.

    ``service_fixed_s`` and ``service_s_per_case`` make up the time a drop takes
    at an outlet. ``circuity`` and ``speed_kmh`` turn straight-line distance into
    road distance and driving time when no road-network service is configured.
    """

    threshold_days: float = 3.0
    revisit_days: float = 1.0
    history_days: int = 56
    new_outlet_turnover_days: float = 7.0
    service_fixed_s: int = 300
    service_s_per_case: float = 15.0
    circuity: float = 1.35
    speed_kmh: float = 22.0
    time_limit_s: float = 20.0
    seed: int = 0

    @classmethod
    def from_dict(cls, values: dict | None) -> "PlanSettings":
        """Settings from a JSON object; unknown names and bad values are refused."""
        values = dict(values or {})
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InvalidValue(
                "unknown settings",
                {f"settings.{name}": ["is not a plan setting"] for name in unknown},
            )

        errors = {}
        for name, value in values.items():
            low, high = LIMITS[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors[f"settings.{name}"] = ["must be a number"]
            elif not math.isfinite(value):
                errors[f"settings.{name}"] = ["must be a finite number"]
            elif not low <= value <= high:
                errors[f"settings.{name}"] = [f"must be between {low} and {high}"]
        if errors:
            raise InvalidValue("the plan settings are not valid", errors)

        return cls(**values)

    def as_dict(self) -> dict:
        return asdict(self)

    def replenishment(self) -> ReplenishmentSettings:
        return ReplenishmentSettings(
            threshold_days=self.threshold_days,
            revisit_days=self.revisit_days,
            history_days=int(self.history_days),
            new_outlet_turnover_days=self.new_outlet_turnover_days,
        )
