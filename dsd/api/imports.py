"""File imports: outlets, deliveries and service visits uploaded as files."""

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from ..auth.access import PLANNERS, requires
from ..errors import field_error
from ..extensions import db
from ..imports.history import import_deliveries, import_visits
from ..imports.outlets import import_outlets
from ..imports.routes import import_routes
from .batches import IngestReportOut

PREFIX = "/distributors/<distributor_code>/imports"
blp = Blueprint("imports", __name__, description="Imports from files")


class ImportOptions(Schema):
    skip_bad_rows = fields.Boolean(
        load_default=False,
        metadata={"description": "store the good rows and list the bad ones"},
    )
    decimal = fields.String(
        validate=validate.OneOf([".", ","]),
        metadata={"description": "decimal mark; detected when not given"},
    )
    delimiter = fields.String(
        validate=validate.OneOf([",", ";", "tab"]),
        metadata={"description": "column delimiter; detected when not given"},
    )

    # Read from the request's files: listed here so that the document shows it.
    file = Upload(metadata={"description": "the file; required"})


def _upload():
    upload = request.files.get("file")
    if upload is None:
        raise field_error("file", "is missing: send the file in the field 'file'")

    return upload


def _run(importer, distributor, options: dict):
    upload = _upload()
    delimiter = options.get("delimiter")
    report = importer(
        distributor,
        upload.read(),
        filename=upload.filename or "",
        skip_bad_rows=options["skip_bad_rows"],
        decimal=options.get("decimal"),
        delimiter="\t" if delimiter == "tab" else delimiter,
    )
    db.session.commit()

    return report


@blp.route("/outlets")
class OutletImport(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(ImportOptions, location="form", content_type="multipart/form-data")
    @blp.response(200, IngestReportOut)
    def post(self, options, distributor):
        """Create outlets from a CSV, GeoJSON or GeoPackage file."""
        return _run(import_outlets, distributor, options)


@blp.route("/deliveries")
class DeliveryImport(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(ImportOptions, location="form", content_type="multipart/form-data")
    @blp.response(200, IngestReportOut)
    def post(self, options, distributor):
        """Record deliveries from a CSV file."""
        return _run(import_deliveries, distributor, options)


@blp.route("/visits")
class VisitImport(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(ImportOptions, location="form", content_type="multipart/form-data")
    @blp.response(200, IngestReportOut)
    def post(self, options, distributor):
        """Record service visits from a CSV file."""
        return _run(import_visits, distributor, options)


@blp.route("/driven-routes")
class DrivenRouteImport(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(ImportOptions, location="form", content_type="multipart/form-data")
    @blp.response(200, IngestReportOut)
    def post(self, options, distributor):
        """Record driven routes from a CSV file with one row per stop."""
        return _run(import_routes, distributor, options)
