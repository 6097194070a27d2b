"""Service requests and technician plans: what dispatchers ask of technicians."""

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, caller, requires
from ..extensions import db
from ..field import requests as service_requests
from ..field import technician_plans as plans
from ..field.servicing import photo_of
from ..models import ServiceRequest, TechnicianPlan
from ..models.field import REQUEST_PRIORITIES, REQUEST_STATUSES
from ..models.history import VISIT_KINDS
from .common import LocalTime, page_of

PREFIX = "/distributors/<distributor_code>"
blp = Blueprint(
    "technicians", __name__, description="Service requests and technician plans"
)


class RequestIn(Schema):
    outlet_code = fields.String(required=True)
    asset_serial = fields.String(load_default=None, allow_none=True)
    kind = fields.String(required=True, validate=validate.OneOf(VISIT_KINDS))
    window_start = fields.AwareDateTime(required=True, format="iso")
    window_end = fields.AwareDateTime(required=True, format="iso")
    expected_minutes = fields.Integer(required=True)
    priority = fields.String(
        load_default="normal", validate=validate.OneOf(REQUEST_PRIORITIES)
    )
    notes = fields.String(load_default="", validate=validate.Length(max=4000))


class RequestListArgs(Schema):
    status = fields.String(validate=validate.OneOf(REQUEST_STATUSES))


class WorkingHoursIn(Schema):
    technician_id = fields.Integer(required=True)
    shift_start = LocalTime(load_default=None)
    shift_end = LocalTime(load_default=None)


class TechnicianPlanIn(Schema):
    service_date = fields.Date(required=True)
    technicians = fields.List(fields.Nested(WorkingHoursIn), required=True)
    settings = fields.Dict(load_default=dict)


class PlanVersionIn(Schema):
    version = fields.Integer(required=True, validate=validate.Range(min=1))


@blp.route("/service-requests")
class ServiceRequests(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(RequestListArgs, location="query")
    @blp.response(200)
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List service requests, newest first."""
        query = select(ServiceRequest).filter_by(distributor_id=distributor.id)
        if "status" in args:
            query = query.filter_by(status=args["status"])
        query = query.order_by(ServiceRequest.id.desc())
        return [
            service_requests.request_view(r, distributor.timezone)
            for r in page_of(query, pagination_parameters)
        ]

    @requires(*PLANNERS)
    @blp.arguments(RequestIn)
    @blp.response(201)
    def post(self, values, distributor):
        """Ask for a technician visit at an outlet within a window."""
        request = service_requests.create_service_request(
            distributor, caller(), **values
        )
        db.session.commit()
        return service_requests.request_view(request, distributor.timezone)


@blp.route("/technician-plans")
class TechnicianPlans(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200)
    def get(self, distributor):
        """List technician plans, newest date first."""
        found = db.session.scalars(
            select(TechnicianPlan)
            .filter_by(distributor_id=distributor.id)
            .order_by(TechnicianPlan.service_date.desc(), TechnicianPlan.id.desc())
            .limit(200)
        )
        return [
            {
                "id": p.id,
                "service_date": p.service_date.isoformat(),
                "status": p.status,
                "version": p.version,
                "totals": p.totals,
            }
            for p in found
        ]

    @requires(*PLANNERS)
    @blp.arguments(TechnicianPlanIn)
    @blp.response(201)
    def post(self, values, distributor):
        """Plan the technicians' day with the route engine (working hours, no load)."""
        hours = [
            plans.WorkingHours(
                entry["technician_id"],
                entry["shift_start"] or plans.DEFAULT_SHIFT[0],
                entry["shift_end"] or plans.DEFAULT_SHIFT[1],
            )
            for entry in values["technicians"]
        ]
        plan = plans.create_technician_plan(
            distributor, values["service_date"], hours, values["settings"], caller()
        )
        db.session.commit()
        return plans.technician_plan_view(plan)


@blp.route("/technician-plans/<int:technician_plan_id>")
class TechnicianPlanItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200)
    def get(self, distributor, technician_plan_id):
        """Read a technician plan: each technician's visits, requests left out."""
        plan = plans.get_technician_plan(distributor, technician_plan_id)
        return plans.technician_plan_view(plan)


@blp.route("/technician-plans/<int:technician_plan_id>/publish")
class TechnicianPlanPublish(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(PlanVersionIn)
    @blp.response(200)
    def post(self, values, distributor, technician_plan_id):
        """Publish a technician plan; each technician then sees their visits."""
        plan = plans.get_technician_plan(distributor, technician_plan_id)
        plans.publish_technician_plan(plan, values["version"], caller())
        db.session.commit()
        return plans.technician_plan_view(plan)


@blp.route("/visit-photos/<int:photo_id>")
class VisitPhotoItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, content_type="image/jpeg")
    def get(self, distributor, photo_id):
        """A photo taken on a service visit."""
        photo = photo_of(distributor, photo_id)
        return Response(
            photo.data,
            mimetype=photo.content_type,
            headers={"X-Content-Type-Options": "nosniff"},
        )
