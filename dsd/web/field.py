"""Field pages: a driver's or technician's day on a phone, and the dispatcher's
page for service requests and technician plans.

The day page is plain HTML with the day's data embedded; ``static/field.js``
keeps every tap in the browser until the server has it, so a page opened on a
poor connection loses nothing. The service worker at ``/field/sw.js`` keeps a
copy of the day page and its assets for when there is no connection at all.
"""

import logging
from datetime import date, datetime
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from ..auth.access import PLANNERS
from ..errors import DomainError
from ..extensions import db
from ..field import driving, servicing
from ..field import requests as service_requests
from ..field import technician_plans as plans
from ..localtime import to_local
from ..models import Outlet, ServiceRequest, TechnicianPlan, User
from ..models.field import REQUEST_PRIORITIES
from ..models.history import FAILURE_REASONS, VISIT_KINDS, VISIT_OUTCOMES
from ..models.types import utcnow

logger = logging.getLogger(__name__)
bp = Blueprint("field_pages", __name__, url_prefix="/field")


def _day(distributor) -> date:
    raw = request.args.get("date")
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            abort(400)
    return to_local(utcnow(), distributor.timezone).date()


def _form_token_ok() -> bool:
    from .pages import _form_token_ok as check

    return check()


@bp.get("/")
@login_required
def day():
    """Today's stops (drivers) or visits (technicians), ready to work offline."""
    user = current_user._get_current_object()
    if user.role in PLANNERS:
        return redirect(url_for("field_pages.dispatch"))
    if user.role not in ("driver", "technician") or user.distributor is None:
        abort(403)

    distributor = user.distributor
    service_date = _day(distributor)
    api = f"/api/v1/distributors/{distributor.code}/field"
    if user.role == "driver":
        data = driving.driver_day(distributor, user, service_date)
        template = "field/driver.html"
    else:
        data = servicing.technician_day(distributor, user, service_date)
        template = "field/technician.html"
    return render_template(
        template,
        day=data,
        service_date=service_date,
        api=api,
        user=user,
        failure_reasons=FAILURE_REASONS,
        outcomes=VISIT_OUTCOMES,
    )


@bp.get("/sw.js")
def service_worker():
    """The service worker that keeps the day page and its assets offline."""
    path = Path(current_app.static_folder) / "field" / "sw.js"
    response = Response(path.read_text(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _dispatcher():
    user = current_user._get_current_object()
    if user.role not in PLANNERS or user.distributor is None:
        abort(403)
    return user


@bp.get("/dispatch")
@login_required
def dispatch():
    """Service requests and technician plans of the dispatcher's distributor."""
    user = _dispatcher()
    distributor = user.distributor
    zone = distributor.timezone
    requests_ = db.session.scalars(
        select(ServiceRequest)
        .filter_by(distributor_id=distributor.id)
        .order_by(ServiceRequest.id.desc())
        .limit(100)
    )
    technician_plans = db.session.scalars(
        select(TechnicianPlan)
        .filter_by(distributor_id=distributor.id)
        .order_by(TechnicianPlan.service_date.desc(), TechnicianPlan.id.desc())
        .limit(10)
    )
    technicians = db.session.scalars(
        select(User)
        .filter_by(distributor_id=distributor.id, role="technician", active=True)
        .order_by(User.email)
    )
    outlets = db.session.scalars(
        select(Outlet)
        .filter_by(distributor_id=distributor.id, status="active")
        .order_by(Outlet.external_code)
        .limit(2000)
    )
    return render_template(
        "field/dispatch.html",
        requests=[service_requests.request_view(r, zone) for r in requests_],
        plans=[plans.technician_plan_view(p) for p in technician_plans],
        technicians=list(technicians),
        outlets=list(outlets),
        kinds=VISIT_KINDS,
        priorities=REQUEST_PRIORITIES,
        today=to_local(utcnow(), zone).date(),
    )


def _local_instant(value: str, zone: str) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(zone))


@bp.post("/dispatch/requests")
@login_required
def add_request():
    """Create a service request from the dispatcher's form."""
    user = _dispatcher()
    if not _form_token_ok():
        abort(400)

    zone = user.distributor.timezone
    form = request.form
    try:
        service_requests.create_service_request(
            user.distributor,
            user,
            outlet_code=form.get("outlet_code", ""),
            kind=form.get("kind", ""),
            window_start=_local_instant(form.get("window_start", ""), zone),
            window_end=_local_instant(form.get("window_end", ""), zone),
            expected_minutes=int(form.get("expected_minutes") or 0),
            priority=form.get("priority", "normal"),
            asset_serial=form.get("asset_serial") or None,
            notes=form.get("notes", ""),
        )
        db.session.commit()
        flash("Service request added.")
    except (DomainError, ValueError) as error:
        db.session.rollback()
        flash(f"Not added: {_reasons(error)}")
    return redirect(url_for("field_pages.dispatch"))


def _reasons(error: Exception) -> str:
    if isinstance(error, DomainError) and error.errors:
        return "; ".join(
            f"{field} {', '.join(map(str, reasons))}"
            for field, reasons in error.errors.items()
        )
    return str(error) or "a value is not valid"


@bp.post("/dispatch/plans")
@login_required
def add_plan():
    """Plan a technician day from the dispatcher's form."""
    user = _dispatcher()
    if not _form_token_ok():
        abort(400)

    form = request.form
    try:
        hours = [
            plans.WorkingHours(
                int(technician_id),
                datetime.strptime(
                    form.get(f"start_{technician_id}", "08:00"), "%H:%M"
                ).time(),
                datetime.strptime(
                    form.get(f"end_{technician_id}", "17:00"), "%H:%M"
                ).time(),
            )
            for technician_id in form.getlist("technician")
        ]
        plan = plans.create_technician_plan(
            user.distributor,
            date.fromisoformat(form.get("service_date", "")),
            hours,
            {},
            user,
        )
        db.session.commit()
        flash(
            f"Technician plan {plan.id} is ready: {plan.totals['visits']} on routes, "
            f"{plan.totals['left_out']} left out."
        )
    except (DomainError, ValueError) as error:
        db.session.rollback()
        flash(f"Not planned: {_reasons(error)}")
    return redirect(url_for("field_pages.dispatch"))


@bp.post("/dispatch/plans/<int:plan_id>/publish")
@login_required
def publish_plan(plan_id: int):
    """Publish a technician plan from the dispatcher's page."""
    user = _dispatcher()
    if not _form_token_ok():
        abort(400)

    try:
        plan = plans.get_technician_plan(user.distributor, plan_id)
        plans.publish_technician_plan(plan, int(request.form.get("version", "0")), user)
        db.session.commit()
        flash(f"Technician plan {plan_id} published.")
    except (DomainError, ValueError) as error:
        db.session.rollback()
        flash(f"Not published: {_reasons(error)}")
    return redirect(url_for("field_pages.dispatch"))
