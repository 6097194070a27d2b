"""Creating, solving, editing and publishing replenishment plans.

Every change to a plan names the version it was made against. The version is
raised by a conditional UPDATE in the same transaction as the change, so of two
edits sent against the same version exactly one wins and the other is refused
with a conflict, whatever the timing.
"""

import logging
from datetime import date

from flask import current_app
from sqlalchemy import select, update

from ..errors import Conflict, InvalidValue, NotFound
from ..extensions import db
from ..models import Distributor, Plan, PlanCandidate, PlanRoute, User, Vehicle
from ..models.types import utcnow
from ..services.audit import record_change
from .inputs import active_outlets, outlet_economics, outlet_stocks
from .replenishment import drop_needs
from .settings import PlanSettings
from .value import OutletEconomics, drop_value_minor

logger = logging.getLogger(__name__)

EDITABLE = ("ready", "published")


def get_plan(distributor: Distributor, plan_id: int) -> Plan:
    """The distributor's plan with this id."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.distributor_id != distributor.id:
        raise NotFound(f"no plan {plan_id} at distributor {distributor.code}")

    return plan


def active_vehicles(distributor: Distributor) -> list[Vehicle]:
    return list(
        db.session.scalars(
            select(Vehicle)
            .filter_by(distributor_id=distributor.id, active=True)
            .order_by(Vehicle.code)
        )
    )


def claim_version(plan: Plan, version: int) -> None:
    """Raise the plan's version if it is still ``version``, else refuse the edit."""
    result = db.session.execute(
        update(Plan)
        .where(Plan.id == plan.id, Plan.version == version)
        .values(version=Plan.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        current = db.session.scalar(select(Plan.version).where(Plan.id == plan.id))
        raise Conflict(
            f"plan {plan.id} has changed: it is at version {current}, not {version}",
            {"version": [f"is out of date; the plan is at version {current}"]},
        )
    db.session.refresh(plan)


def _fallback_economics(economics: dict) -> OutletEconomics:
    """The distributor's average, for outlets with no sales history yet."""
    if not economics:
        return OutletEconomics(0, 0, 0)

    count = len(economics)
    return OutletEconomics(
        margin_per_case_minor=sum(e.margin_per_case_minor for e in economics.values())
        / count,
        trade_spend_per_case_minor=sum(
            e.trade_spend_per_case_minor for e in economics.values()
        )
        / count,
        non_route_cost_per_case_minor=0,
    )


def create_plan(
    distributor: Distributor, service_date: date, settings: dict, caller: User
) -> Plan:
    """A draft plan for a date, with the outlets that need a drop on it."""
    plan_settings = PlanSettings.from_dict(settings)
    if not active_vehicles(distributor):
        raise InvalidValue(
            "no trucks to plan with",
            {"service_date": [f"{distributor.code} has no active trucks"]},
        )

    outlets = active_outlets(distributor)
    stocks = outlet_stocks(
        distributor, outlets, service_date, plan_settings.replenishment()
    )
    needs = drop_needs(stocks, service_date, plan_settings.replenishment())
    economics = outlet_economics(distributor, service_date)
    fallback = _fallback_economics(economics)

    plan = Plan(
        distributor_id=distributor.id,
        service_date=service_date,
        status="draft",
        version=1,
        settings=plan_settings.as_dict(),
        created_by_id=caller.id,
    )
    db.session.add(plan)
    for need in needs:
        value = drop_value_minor(
            need.drop_cases, economics.get(need.outlet_id, fallback)
        )
        plan.candidates.append(
            PlanCandidate(
                outlet_id=need.outlet_id,
                must_visit=need.must_visit,
                drop_cases=need.drop_cases,
                projected_stock=need.projected_stock,
                days_of_supply=need.days_of_supply,
                value_minor=value,
            )
        )

    db.session.flush()
    logger.info(
        "plan %s for %s on %s: %d candidate outlets",
        plan.id,
        distributor.code,
        service_date,
        len(plan.candidates),
    )
    return plan


def request_solve(plan: Plan, version: int) -> Plan:
    """Mark a plan as solving; the caller then hands it to the job runner."""
    if plan.status == "solving":
        raise Conflict(f"plan {plan.id} is already being solved")

    claim_version(plan, version)
    plan.status = "solving"
    plan.progress = {
        "best_cost_minor": None,
        "elapsed_s": 0.0,
        "requested_at": utcnow().isoformat(),
    }
    plan.cancel_requested = False
    plan.error = None
    return plan


def request_cancel(plan: Plan) -> Plan:
    """Ask a running solve to stop; it keeps the best plan found so far."""
    if plan.status != "solving":
        raise Conflict(f"plan {plan.id} is not being solved", {"status": [plan.status]})

    plan.cancel_requested = True
    logger.info("cancel requested for plan %s", plan.id)
    if _solve_is_lost(plan):
        plan.status = "ready" if plan.routes else "failed"
        plan.error = "the solve stopped answering (was the server restarted?)"
        plan.version += 1
        logger.warning("plan %s: its solve was lost; released", plan.id)
    return plan


def _solve_is_lost(plan: Plan) -> bool:
    """True when a solve has run far past its time limit without finishing."""
    from datetime import datetime, timedelta

    requested = (plan.progress or {}).get("requested_at")
    if not requested:
        return True

    limit = PlanSettings.from_dict(plan.settings).time_limit_s
    deadline = datetime.fromisoformat(requested) + timedelta(seconds=limit + 120)
    return utcnow() > deadline


def _route_of(plan: Plan, vehicle_id: int) -> PlanRoute:
    for route in plan.routes:
        if route.vehicle_id == vehicle_id:
            return route

    vehicle = db.session.get(Vehicle, vehicle_id)
    if vehicle is None or vehicle.distributor_id != plan.distributor_id:
        raise InvalidValue(
            "unknown truck", {"vehicle_id": [f"no truck {vehicle_id} here"]}
        )
    if not vehicle.active:
        raise InvalidValue("inactive truck", {"vehicle_id": ["is not active"]})

    route = PlanRoute(vehicle_id=vehicle_id)
    plan.routes.append(route)
    db.session.flush()
    return route


def _candidate(plan: Plan, outlet_id: int) -> PlanCandidate:
    for candidate in plan.candidates:
        if candidate.outlet_id == outlet_id:
            return candidate

    raise InvalidValue(
        "not in the plan", {"outlet_id": [f"outlet {outlet_id} is not in this plan"]}
    )


def route_members(plan: Plan, route: PlanRoute) -> list[PlanCandidate]:
    """The candidates on a route, in visiting order."""
    members = [c for c in plan.candidates if c.route_id == route.id]
    return sorted(members, key=lambda c: c.sequence or 0)


def move_stop(
    plan: Plan,
    version: int,
    outlet_id: int,
    vehicle_id: int | None,
    position: int | None,
    caller: User,
) -> Plan:
    """Move an outlet to another route or place, or leave it out (no vehicle)."""
    if plan.status not in EDITABLE:
        raise Conflict(
            f"plan {plan.id} cannot be edited while {plan.status}",
            {"status": [plan.status]},
        )

    candidate = _candidate(plan, outlet_id)
    before = {"route_id": candidate.route_id, "sequence": candidate.sequence}
    source = candidate.route
    target = _route_of(plan, vehicle_id) if vehicle_id is not None else None
    for route in (source, target):
        if route is not None and route.locked:
            raise Conflict(
                "the route is locked",
                {"vehicle_id": [f"the route of truck {route.vehicle_id} is locked"]},
            )
    claim_version(plan, version)

    if source is not None:
        rest = [c for c in route_members(plan, source) if c.id != candidate.id]
        _renumber(rest)
    candidate.route_id = None
    candidate.sequence = None
    if target is not None:
        members = [c for c in route_members(plan, target) if c.id != candidate.id]
        place = (
            len(members) if position is None else max(0, min(position, len(members)))
        )
        members.insert(place, candidate)
        candidate.route_id = target.id
        _renumber(members)
        candidate.left_out_reason = None
        candidate.left_out_detail = None
    else:
        candidate.left_out_reason = "left_out_by_dispatcher"
        candidate.left_out_detail = "left out by hand"

    db.session.flush()
    from .evaluation import refresh_plan_figures

    refresh_plan_figures(plan)
    record_change(
        "move_stop",
        candidate,
        distributor_id=plan.distributor_id,
        before=before,
        after={"route_id": candidate.route_id, "sequence": candidate.sequence},
    )
    logger.info(
        "plan %s v%s: outlet %s moved to truck %s at %s by %s",
        plan.id,
        plan.version,
        outlet_id,
        vehicle_id,
        candidate.sequence,
        caller.email,
    )
    return plan


def _renumber(members: list[PlanCandidate]) -> None:
    for number, member in enumerate(members):
        member.sequence = number


def lock_route(plan: Plan, version: int, vehicle_id: int, locked: bool) -> Plan:
    """Lock or unlock a truck's route: re-optimising keeps a locked route as is."""
    if plan.status not in EDITABLE:
        raise Conflict(f"plan {plan.id} cannot be edited while {plan.status}")

    route = next((r for r in plan.routes if r.vehicle_id == vehicle_id), None)
    if route is None:
        raise InvalidValue(
            "no such route", {"vehicle_id": [f"truck {vehicle_id} has no route"]}
        )
    claim_version(plan, version)
    route.locked = locked
    logger.info("plan %s: route of truck %s locked=%s", plan.id, vehicle_id, locked)
    return plan


def publish_plan(plan: Plan, version: int, caller: User) -> Plan:
    """Publish a plan: each driver then sees their own route for the date."""
    if plan.status not in ("ready", "published"):
        raise Conflict(
            f"plan {plan.id} cannot be published while {plan.status}",
            {"status": [plan.status]},
        )

    claim_version(plan, version)
    others = db.session.scalars(
        select(Plan).where(
            Plan.distributor_id == plan.distributor_id,
            Plan.service_date == plan.service_date,
            Plan.status == "published",
            Plan.id != plan.id,
        )
    )
    for other in others:
        other.status = "ready"
        logger.info("plan %s superseded by plan %s", other.id, plan.id)

    plan.status = "published"
    plan.published_at = utcnow()
    record_change(
        "publish",
        plan,
        distributor_id=plan.distributor_id,
        after={"version": plan.version, "service_date": str(plan.service_date)},
    )
    logger.info(
        "plan %s for %s published by %s", plan.id, plan.service_date, caller.email
    )
    return plan


def osrm_url() -> str | None:
    return current_app.config.get("OSRM_URL")
