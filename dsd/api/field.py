"""The field API: drivers' stops and technicians' visits, recorded from the phone.

Every write carries a ``submission_id`` made on the phone. Sending the same one
again (a retry after a lost answer, a double tap) is recorded once and answered
with the first answer. A driver or technician reaches only their own stops and
visits; anyone else's answer 404.
"""

import logging

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy.exc import IntegrityError

from ..auth.access import caller, requires
from ..extensions import db
from ..field import driving, servicing
from ..field.submissions import answer_for_key
from ..localtime import to_local
from ..models.types import utcnow

logger = logging.getLogger(__name__)

PREFIX = "/distributors/<distributor_code>/field"
blp = Blueprint(
    "field", __name__, description="Drivers' and technicians' work from the phone"
)

SUBMISSION_ID = fields.String(
    required=True,
    validate=validate.Regexp(
        r"^[A-Za-z0-9_-]{8,64}$", error="must be 8 to 64 letters, digits, - or _"
    ),
    metadata={"description": "an id made on the phone; a resend is recorded once"},
)


def _instant(description: str):
    return fields.AwareDateTime(
        required=True, format="iso", metadata={"description": description}
    )


class DayArgs(Schema):
    date = fields.Date(metadata={"description": "the local date; default today"})


class ArrivalIn(Schema):
    submission_id = SUBMISSION_ID
    arrived_at = _instant("when the driver tapped arrived, with its UTC offset")


class DropIn(Schema):
    submission_id = SUBMISSION_ID
    departed_at = _instant("when the drop was recorded, with its UTC offset")
    status = fields.String(required=True)
    cases = fields.Raw(load_default=None, metadata={"type": "integer"})
    failure_reason = fields.String(load_default=None, allow_none=True)


class ReturnIn(Schema):
    submission_id = SUBMISSION_ID
    service_date = fields.Date(required=True)
    returned_at = _instant("when the driver was back at the depot")
    driven_km = fields.Decimal(
        load_default=None,
        allow_none=True,
        metadata={"description": "km driven as read from the odometer, if typed"},
    )


class StartIn(Schema):
    submission_id = SUBMISSION_ID
    started_at = _instant("when the technician started the visit")


class FinishIn(Schema):
    submission_id = SUBMISSION_ID
    finished_at = _instant("when the technician finished the visit")
    outcome = fields.String(load_default=None, allow_none=True)
    notes = fields.String(load_default="", validate=validate.Length(max=4000))
    parts = fields.Raw(
        load_default=None,
        metadata={"description": "parts used: a list of {name, cost} (major units)"},
    )
    photo = fields.Raw(
        load_default=None,
        metadata={"description": "optional {content_type, data (base64)}"},
    )


class FieldStopOut(Schema):
    id = fields.Integer()
    sequence = fields.Integer(allow_none=True)
    eta = fields.String(allow_none=True, metadata={"description": "local time"})
    outlet_code = fields.String()
    outlet_name = fields.String()
    address = fields.String()
    lat = fields.Float()
    lon = fields.Float()
    receiving_windows = fields.List(fields.String())
    drop_cases = fields.Integer()
    navigation_url = fields.String(metadata={"description": "a geo: link"})
    maps_url = fields.String()
    arrived_at = fields.String(allow_none=True)
    departed_at = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    cases = fields.Integer(allow_none=True)
    failure_reason = fields.String(allow_none=True)


class DriverDayOut(Schema):
    service_date = fields.Date()
    vehicle_code = fields.String(allow_none=True)
    returned_at = fields.String(allow_none=True)
    stops = fields.List(fields.Nested(FieldStopOut))


class ReturnOut(Schema):
    service_date = fields.String()
    left_depot_at = fields.String()
    returned_at = fields.String()
    distance_km = fields.Float()
    stops = fields.Integer()


class FieldVisitOut(Schema):
    id = fields.Integer()
    sequence = fields.Integer(allow_none=True)
    eta = fields.String(allow_none=True)
    kind = fields.String()
    priority = fields.String()
    expected_minutes = fields.Integer()
    window_start = fields.String()
    window_end = fields.String()
    asset_serial = fields.String(allow_none=True)
    request_notes = fields.String()
    outlet_code = fields.String()
    outlet_name = fields.String()
    address = fields.String()
    lat = fields.Float()
    lon = fields.Float()
    navigation_url = fields.String()
    maps_url = fields.String()
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    outcome = fields.String(allow_none=True)
    service_visit_id = fields.Integer(allow_none=True)


class TechnicianDayOut(Schema):
    service_date = fields.Date()
    shift = fields.String()
    visits = fields.List(fields.Nested(FieldVisitOut))


def today(distributor) -> object:
    """The distributor's local date now."""
    return to_local(utcnow(), distributor.timezone).date()


def _write(values: dict, action):
    """Run a field write in one transaction; a racing resend gets the first answer."""
    try:
        answer = action()
        db.session.commit()
    except IntegrityError:
        # Two sends of one submission raced; the other one was stored first.
        db.session.rollback()
        answer = answer_for_key(values["submission_id"], caller())
        if answer is None:
            raise
        logger.info(
            "submission %s raced its resend; first answer given",
            values["submission_id"],
        )

    return answer


def _rest(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "submission_id"}


@blp.route("/route")
class DriverDay(MethodView):
    @requires("driver")
    @blp.arguments(DayArgs, location="query")
    @blp.response(200, DriverDayOut)
    def get(self, args, distributor):
        """The caller's stops for a date, in order, with what is recorded."""
        day = args.get("date") or today(distributor)
        return driving.driver_day(distributor, caller(), day)


@blp.route("/route/return")
class DriverReturn(MethodView):
    @requires("driver")
    @blp.arguments(ReturnIn)
    @blp.response(200, ReturnOut)
    def post(self, values, distributor):
        """Record that the truck is back at the depot, with odometer km if read."""

        def action():
            return driving.record_return(
                caller(),
                distributor,
                values["submission_id"],
                values["service_date"],
                values["returned_at"],
                values["driven_km"],
            )

        return _write(values, action)


@blp.route("/stops/<int:stop_id>")
class DriverStop(MethodView):
    @requires("driver")
    @blp.response(200, FieldStopOut)
    def get(self, distributor, stop_id):
        """One stop of the caller's route."""
        return driving.stop_detail(caller(), stop_id)


@blp.route("/stops/<int:stop_id>/arrival")
class DriverArrival(MethodView):
    @requires("driver")
    @blp.arguments(ArrivalIn)
    @blp.response(200, FieldStopOut)
    def post(self, values, distributor, stop_id):
        """Record the arrival at a stop."""
        return _write(
            values,
            lambda: driving.record_arrival(
                caller(), stop_id, values["submission_id"], values["arrived_at"]
            ),
        )


@blp.route("/stops/<int:stop_id>/drop")
class DriverDrop(MethodView):
    @requires("driver")
    @blp.arguments(DropIn)
    @blp.response(200, FieldStopOut)
    def post(self, values, distributor, stop_id):
        """Record a drop: delivered or partial with cases, or failed with a reason."""
        return _write(
            values,
            lambda: driving.record_drop(
                caller(), stop_id, values["submission_id"], _rest(values)
            ),
        )


@blp.route("/visits")
class TechnicianDay(MethodView):
    @requires("technician")
    @blp.arguments(DayArgs, location="query")
    @blp.response(200, TechnicianDayOut)
    def get(self, args, distributor):
        """The caller's service visits for a date, in order."""
        day = args.get("date") or today(distributor)
        return servicing.technician_day(distributor, caller(), day)


@blp.route("/visits/<int:visit_id>")
class TechnicianVisit(MethodView):
    @requires("technician")
    @blp.response(200, FieldVisitOut)
    def get(self, distributor, visit_id):
        """One visit of the caller's day."""
        stop = servicing.own_visit(caller(), visit_id)
        return servicing.visit_view(stop, distributor.timezone)


@blp.route("/visits/<int:visit_id>/start")
class TechnicianStart(MethodView):
    @requires("technician")
    @blp.arguments(StartIn)
    @blp.response(200, FieldVisitOut)
    def post(self, values, distributor, visit_id):
        """Record the start of a visit."""
        return _write(
            values,
            lambda: servicing.start_visit(
                caller(), visit_id, values["submission_id"], values["started_at"]
            ),
        )


@blp.route("/visits/<int:visit_id>/finish")
class TechnicianFinish(MethodView):
    @requires("technician")
    @blp.arguments(FinishIn)
    @blp.response(200, FieldVisitOut)
    def post(self, values, distributor, visit_id):
        """Record a visit's finish, parts with their cost, outcome, notes and photo."""
        return _write(
            values,
            lambda: servicing.finish_visit(
                caller(), visit_id, values["submission_id"], _rest(values)
            ),
        )
