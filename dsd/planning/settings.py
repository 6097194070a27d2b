"""The knobs of a plan, with defaults a distributor can override per plan."""

from dataclasses import asdict, dataclass, fields

from ..errors import InvalidValue
from .replenishment import ReplenishmentSettings


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
                {name: ["is not a plan setting"] for name in unknown},
            )

        errors = {}
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors[name] = ["must be a number"]
            elif value < 0 or (name in ("speed_kmh", "circuity") and value <= 0):
                errors[name] = ["must be greater than 0"]
        if values.get("time_limit_s", 1) > 600:
            errors["time_limit_s"] = ["must be at most 600"]
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
