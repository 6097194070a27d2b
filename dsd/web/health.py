"""``/healthz``: whether the service and its database answer."""

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

logger = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Report whether the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        logger.warning("health check: database does not answer: %s", error)
        db.session.rollback()
        return jsonify(status="unavailable", database="down"), 503

    return jsonify(status="ok", database="up")
