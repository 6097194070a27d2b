"""Cost-to-serve reports for a period: outlet P&L, roll-ups, whale curve, churn.

Each report answers as JSON and as a CSV export holding the same strings.
"""

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from costing import records

from ..auth.access import OFFICE_ROLES, requires
from ..costing_service import reports
from ..models.outlet import CHANNELS, SIZE_BANDS
from ..web.finance_cache import costed_period
from .common import SortArgs

PREFIX = "/distributors/<distributor_code>/costing"
blp = Blueprint(
    "costing",
    __name__,
    description="Cost-to-serve: outlet P&L, roll-ups, whale curve, value and churn",
)


class PeriodArgs(Schema):
    from_ = fields.Date(
        data_key="from", required=True, metadata={"description": "first local date"}
    )
    to = fields.Date(required=True, metadata={"description": "last local date"})


class OutletArgs(PeriodArgs, SortArgs):
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    territory = fields.String(metadata={"description": "territory name, or (none)"})
    size_band = fields.String(validate=validate.OneOf(SIZE_BANDS))
    search = fields.String(metadata={"description": "text in the outlet code or name"})


class SegmentArgs(PeriodArgs):
    by = fields.String(
        load_default="channel", validate=validate.OneOf(reports.DIMENSIONS)
    )


def _figures(columns: tuple[str, ...], name: str) -> type[Schema]:
    return Schema.from_dict(
        {column: fields.String(allow_none=True) for column in columns}, name=name
    )


OutletCostOut = _figures(records.OUTLET_COLUMNS, "OutletCost")
ChurnOut = _figures(reports.CHURN_COLUMNS, "OutletChurn")
SegmentOut = _figures(records.SEGMENT_COLUMNS, "SegmentCost")
WhalePointOut = _figures(records.WHALE_COLUMNS, "WhalePoint")
PnlOut = _figures(records.PNL_COLUMNS, "PnlTotal")


class WhaleOut(Schema):
    points = fields.List(fields.Nested(WhalePointOut))
    summary = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))


class SummaryOut(Schema):
    currency = fields.String()
    period = fields.Dict(keys=fields.String(), values=fields.String())
    total = fields.Nested(PnlOut)
    reconciliation = fields.Dict()


def _filters(args: dict) -> dict:
    return {
        name: args.get(name)
        for name in ("channel", "territory", "size_band", "search", "sort")
    }


def _csv(name: str, distributor, args: dict, columns, rows) -> Response:
    filename = (
        f"{distributor.code}-{name}-{args['from_'].isoformat()}-"
        f"{args['to'].isoformat()}.csv"
    )
    return Response(
        reports.csv_text(columns, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _page(rows: list, pagination_parameters) -> list:
    pagination_parameters.item_count = len(rows)
    size = pagination_parameters.page_size
    first = (pagination_parameters.page - 1) * size
    return rows[first : first + size]


def _costed(distributor, args):
    """The period's costing, computed once per data state and shared with the
    finance pages, so paging, sorting and the CSV twin never recompute it."""
    return costed_period(distributor, args["from_"], args["to"]).result


@blp.route("/outlets")
class OutletCosts(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(OutletArgs, location="query")
    @blp.response(200, OutletCostOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """Each outlet's P&L for a period, with its cost pools, value and churn."""
        result = _costed(distributor, args)
        rows = reports.outlet_records(result, **_filters(args))
        return _page(rows, pagination_parameters)


@blp.route("/outlets.csv")
class OutletCostsCsv(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(OutletArgs, location="query")
    @blp.response(200, content_type="text/csv", description="the outlet rows as CSV")
    def get(self, args, distributor):
        """Export each outlet's P&L for a period as CSV (same figures as JSON)."""
        result = _costed(distributor, args)
        rows = reports.outlet_records(result, **_filters(args))
        return _csv("outlets", distributor, args, records.OUTLET_COLUMNS, rows)


@blp.route("/churn")
class OutletChurn(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(OutletArgs, location="query")
    @blp.response(200, ChurnOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """Outlet value and churn risk with its signals, highest risk first."""
        result = _costed(distributor, args)
        rows = reports.churn_records(result, **_filters(args))
        return _page(rows, pagination_parameters)


@blp.route("/churn.csv")
class OutletChurnCsv(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(OutletArgs, location="query")
    @blp.response(200, content_type="text/csv", description="the churn rows as CSV")
    def get(self, args, distributor):
        """Export outlet value and churn risk as CSV (same figures as JSON)."""
        result = _costed(distributor, args)
        rows = reports.churn_records(result, **_filters(args))
        return _csv("churn", distributor, args, reports.CHURN_COLUMNS, rows)


@blp.route("/segments")
class SegmentCosts(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(SegmentArgs, location="query")
    @blp.response(200, SegmentOut(many=True))
    def get(self, args, distributor):
        """Roll-up by channel, territory or size band, then the TOTAL row."""
        result = _costed(distributor, args)
        return reports.segment_records(result, args["by"])


@blp.route("/segments.csv")
class SegmentCostsCsv(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(SegmentArgs, location="query")
    @blp.response(200, content_type="text/csv", description="the roll-up as CSV")
    def get(self, args, distributor):
        """Export a roll-up as CSV (same figures as JSON)."""
        result = _costed(distributor, args)
        rows = reports.segment_records(result, args["by"])
        name = f"by-{args['by']}"
        return _csv(name, distributor, args, records.SEGMENT_COLUMNS, rows)


@blp.route("/whale")
class WhaleCurve(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, WhaleOut)
    def get(self, args, distributor):
        """The whale curve of the active outlets and its summary figures."""
        result = _costed(distributor, args)
        return reports.whale_records(result)


@blp.route("/whale.csv")
class WhaleCurveCsv(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, content_type="text/csv", description="the curve's points")
    def get(self, args, distributor):
        """Export the whale curve's points as CSV (same figures as JSON)."""
        result = _costed(distributor, args)
        rows = reports.whale_records(result)["points"]
        return _csv("whale", distributor, args, records.WHALE_COLUMNS, rows)


@blp.route("/summary")
class CostSummary(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, SummaryOut)
    def get(self, args, distributor):
        """The distributor's total P&L and how the cost pools reconcile."""
        result = _costed(distributor, args)
        return reports.summary_record(result)
