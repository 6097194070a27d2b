"""Browser libraries installed by npm, served from ``node_modules``.

Only the folders listed here are reachable, so the rest of ``node_modules``
never leaks onto the web.
"""

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

NODE_MODULES = Path(__file__).resolve().parent.parent.parent / "node_modules"
PACKAGES = {"leaflet": NODE_MODULES / "leaflet" / "dist"}

bp = Blueprint("vendor", __name__, url_prefix="/vendor")


@bp.get("/<package>/<path:filename>")
def asset(package: str, filename: str):
    """A file of an installed browser library's distribution folder."""
    folder = PACKAGES.get(package)
    if folder is None:
        abort(404)

    return send_from_directory(folder, filename, max_age=3600)
