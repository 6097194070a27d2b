"""Running a plan's solve: build the problem, call the engine, store the routes.

The solve runs outside any web request (a thread or a Celery worker). It writes
its progress to the plan in short transactions of its own, and stops early when
a dispatcher asks it to, keeping the best plan found so far.
"""

import logging
import time

import numpy as np
from sqlalchemy import select, update

import routing

from ..extensions import db
from ..models import Distributor, Plan
from .problem import build_problem, stop_key, travel_matrix_provider, vehicle_key
from .service import active_vehicles, osrm_url, route_members
from .settings import PlanSettings
from .storing import store_solution

logger = logging.getLogger(__name__)


def _progress_reporter(plan_id: int):
    """A callback that records progress and tells the engine whether to go on."""
    last_write = [0.0]

    def report(best_cost_minor: int, elapsed_s: float) -> bool:
        now = time.monotonic()
        if now - last_write[0] < 0.5:
            return True

        last_write[0] = now
        with db.engine.begin() as connection:
            connection.execute(
                update(Plan)
                .where(Plan.id == plan_id)
                .values(
                    progress={
                        "best_cost_minor": int(best_cost_minor),
                        "elapsed_s": round(elapsed_s, 1),
                    }
                )
            )
            cancel = connection.scalar(
                select(Plan.cancel_requested).where(Plan.id == plan_id)
            )
        return not cancel

    return report


def _split(plan: Plan, vehicles: list) -> tuple[list, list, dict]:
    """Trucks and candidates free for the engine, and the current free routes.

    A locked route is kept exactly as the dispatcher left it, broken rules and
    all, so its truck and its outlets are not handed to the engine at all.
    """
    locked_vehicles = {r.vehicle_id for r in plan.routes if r.locked}
    locked_routes = {r.id for r in plan.routes if r.locked}
    free_vehicles = [v for v in vehicles if v.id not in locked_vehicles]
    free_candidates = [c for c in plan.candidates if c.route_id not in locked_routes]
    current = {}
    for route in plan.routes:
        if route.vehicle_id in locked_vehicles:
            continue
        outlet_ids = [c.outlet_id for c in route_members(plan, route)]
        if outlet_ids:
            current[vehicle_key(route.vehicle_id)] = [stop_key(o) for o in outlet_ids]

    return free_vehicles, free_candidates, current


def _sub_matrix(matrix: routing.TravelMatrix, keep: list[int]) -> routing.TravelMatrix:
    rows = np.ix_(keep, keep)
    return routing.TravelMatrix(
        np.asarray(matrix.distance_m)[rows], np.asarray(matrix.duration_s)[rows]
    )


def run_solve(plan_id: int) -> None:
    """Solve a plan that was marked as solving, and store the result."""
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.status != "solving":
        logger.warning("plan %s is not waiting to be solved; nothing done", plan_id)
        return

    started = time.monotonic()
    distributor = db.session.get(Distributor, plan.distributor_id)
    settings = PlanSettings.from_dict(plan.settings)
    try:
        vehicles = active_vehicles(distributor)
        candidates = list(plan.candidates)
        whole = build_problem(
            distributor, plan.service_date, vehicles, candidates, settings
        )
        provider = travel_matrix_provider(settings, osrm_url())
        matrix = provider.travel_matrix(whole.problem.locations)

        free_vehicles, free_candidates, current = _split(plan, vehicles)
        day = build_problem(
            distributor, plan.service_date, free_vehicles, free_candidates, settings
        )
        position = {c.id: index + 1 for index, c in enumerate(candidates)}
        keep = [0] + [position[c.id] for c in free_candidates]
        solution = routing.solve(
            day.problem,
            routing.Params(time_limit_s=settings.time_limit_s, seed=int(settings.seed)),
            matrix=_sub_matrix(matrix, keep),
            progress=_progress_reporter(plan_id),
            initial_routes=current or None,
        )
    except routing.RoutingError as error:
        db.session.rollback()
        _fail(plan_id, str(error))
        return
    except Exception:
        db.session.rollback()
        logger.exception("plan %s: the solve crashed", plan_id)
        _fail(plan_id, "the solve failed unexpectedly; see the service log")
        return

    db.session.refresh(plan)
    store_solution(plan, day, solution, matrix)
    plan.status = "ready"
    plan.version += 1
    plan.progress = {
        "best_cost_minor": plan.totals["route_cost_minor"],
        "elapsed_s": round(time.monotonic() - started, 1),
    }
    db.session.commit()
    totals = plan.totals
    logger.info(
        "plan %s for %s: %d routes, %d stops, %d left out, %.1f km, %.1f s (%s)",
        plan.id,
        plan.service_date,
        totals["routes"],
        totals["stops_served"],
        totals["stops_left_out"],
        totals["distance_km"],
        time.monotonic() - started,
        solution.status,
    )


def _fail(plan_id: int, message: str) -> None:
    """Record why a solve failed; a plan that had routes keeps them."""
    plan = db.session.get(Plan, plan_id)
    plan.status = "ready" if plan.routes else "failed"
    plan.error = message
    plan.version += 1
    db.session.commit()
    logger.warning("plan %s failed: %s", plan_id, message)
