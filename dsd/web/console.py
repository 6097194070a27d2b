"""The dispatcher's console: plan list, plan page with map and timeline, sheets.

The pages are shells: the plan page loads the plan from the REST API and posts
its edits there, so the pages and the API share one set of rules. Every page
checks the caller's role and distributor scope itself.
"""

import logging
from datetime import timedelta

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, distributor_in_scope
from ..errors import DomainError, Forbidden
from ..extensions import db
from ..localtime import to_local
from ..models import Distributor, Plan
from ..models.types import utcnow
from ..money import exponent_of, to_major
from ..planning import service
from ..planning.views import plan_detail, plan_summary

logger = logging.getLogger(__name__)
bp = Blueprint("console", __name__, url_prefix="/distributors/<distributor_code>")

# Enough rows for a few months of daily plans; older ones stay in the API.
PLAN_LIST_LIMIT = 90
LEFT_OUT_REASONS = {
    "window_unreachable": "no truck can reach it inside its receiving window",
    "demand_exceeds_every_truck": "the drop is larger than any truck",
    "cost_exceeds_value": "serving it costs more than it is worth",
    "no_capacity_left": "no truck has room left",
    "no_time_left": "no truck has time left in its shift",
    "not_yet_inserted": "worth serving; the search stopped before placing it",
    "left_out_by_dispatcher": "left out by the dispatcher",
}


@bp.errorhandler(DomainError)
def _refused(error: DomainError):
    return render_template("console/refused.html", error=error), error.status


def _distributor_for_page(code: str) -> Distributor:
    """The distributor of the URL, if the signed-in user may see its plans."""
    if current_user.role not in OFFICE_ROLES:
        raise Forbidden(f"the {current_user.role} role has no planning pages")

    return distributor_in_scope(current_user, code)


def _page_context(distributor: Distributor) -> dict:
    return {
        "distributor": distributor,
        "can_plan": current_user.role in PLANNERS,
        "currency_exponent": exponent_of(distributor.currency),
        "plans_api": url_for("plans.Plans", distributor_code=distributor.code),
    }


@bp.get("/plans")
@login_required
def plan_list(distributor_code: str):
    """The distributor's plans, newest date first, and a form to create one."""
    distributor = _distributor_for_page(distributor_code)

    plans = db.session.scalars(
        select(Plan)
        .filter_by(distributor_id=distributor.id)
        .order_by(Plan.service_date.desc(), Plan.id.desc())
        .limit(PLAN_LIST_LIMIT)
    )
    tomorrow = to_local(utcnow(), distributor.timezone).date() + timedelta(days=1)
    return render_template(
        "console/plans.html",
        plans=[plan_summary(p) for p in plans],
        default_date=tomorrow,
        **_page_context(distributor),
    )


@bp.get("/plans/<int:plan_id>")
@login_required
def plan_page(distributor_code: str, plan_id: int):
    """One plan: solve progress, then its routes on a map, timeline and edits."""
    distributor = _distributor_for_page(distributor_code)
    plan = service.get_plan(distributor, plan_id)

    trucks = [
        {"id": v.id, "code": v.code, "capacity_cases": v.capacity_cases}
        for v in service.active_vehicles(distributor)
    ]
    tile_url = current_app.config.get("MAP_TILE_URL") or ""
    return render_template(
        "console/plan.html",
        plan=plan_summary(plan),
        trucks=trucks,
        tile_url=tile_url,
        tile_attribution=_tile_attribution(tile_url),
        reasons=LEFT_OUT_REASONS,
        **_page_context(distributor),
    )


@bp.get("/plans/<int:plan_id>/sheets")
@login_required
def route_sheets(distributor_code: str, plan_id: int):
    """Printable route sheets, one page per truck (or one truck's with ?vehicle)."""
    distributor = _distributor_for_page(distributor_code)
    detail = plan_detail(service.get_plan(distributor, plan_id))

    routes = [r for r in detail["routes"] if r["stops"]]
    vehicle = request.args.get("vehicle", type=int)
    if vehicle is not None:
        routes = [r for r in routes if r["vehicle_id"] == vehicle]
    return render_template(
        "console/sheets.html",
        plan=detail,
        routes=routes,
        **_page_context(distributor),
    )


@bp.app_template_filter("money")
def money(minor: int | None, currency: str) -> str:
    """Integer minor units as an amount in major units with the currency code."""
    if minor is None:
        return ""

    exponent = exponent_of(currency)
    return f"{to_major(minor, currency):,.{exponent}f} {currency}"


def _tile_attribution(tile_url: str) -> str:
    if "openstreetmap" in tile_url:
        return "&copy; OpenStreetMap contributors"

    return ""
