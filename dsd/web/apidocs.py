"""The files of the API document viewer, served from the installed package."""

from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("apidocs", __name__)


@bp.get("/api/docs/assets/<path:filename>")
def asset(filename: str):
    """A Swagger UI file; the viewer needs no outside network."""
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
