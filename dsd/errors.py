"""Domain exceptions and the one place that turns them into API answers."""

import logging

from flask import Flask, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the business was broken; ``status`` is the HTTP answer."""

    status = 400

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class InvalidValue(DomainError):
    """A value breaks a rule; ``errors`` maps each field (or row) to its reasons."""

    status = 422


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    """The request clashes with what is stored: a duplicate code, a stale version."""

    status = 409


class Forbidden(DomainError):
    status = 403


class Unauthorized(DomainError):
    status = 401


def field_error(field: str, reason: str) -> InvalidValue:
    """An InvalidValue for a single field."""
    return InvalidValue(f"{field}: {reason}", {field: [reason]})


def error_body(status: int, message: str, errors: dict | None = None) -> dict:
    """The JSON envelope every API error shares."""
    body = {"code": status, "status": _status_name(status), "message": message}
    if errors:
        body["errors"] = errors

    return body


def _status_name(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def register_error_handlers(app: Flask) -> None:
    """Answer domain errors, database conflicts and crashes in the envelope."""

    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        # A refused request writes nothing, whatever the view had staged.
        from .extensions import db

        db.session.rollback()
        return jsonify(error_body(error.status, error.message, error.errors)), (
            error.status
        )

    @app.errorhandler(IntegrityError)
    def _integrity(error: IntegrityError):
        from .extensions import db

        db.session.rollback()
        logger.info("refused a write that breaks a constraint: %s", error.orig)
        return jsonify(error_body(409, "the change conflicts with stored data")), 409

    @app.errorhandler(Exception)
    def _crash(error: Exception):
        if current_app.testing:
            raise error

        logger.exception("unhandled error on %s %s", request.method, request.path)
        return jsonify(error_body(500, "internal error")), 500

    def _http(error: HTTPException):
        if request.path.startswith("/api/"):
            body = error_body(error.code or 500, error.description or "")
            data = getattr(error, "data", None) or {}
            if data.get("messages"):
                body["errors"] = _flatten_locations(data["messages"])
                body["message"] = "the request is not valid"
            return jsonify(body), error.code
        return error

    # Replaces flask-smorest's own handler so that every error shares one envelope.
    app.register_error_handler(HTTPException, _http)


def _flatten_locations(messages: dict) -> dict:
    """webargs keys errors by location (json, query); callers want fields."""
    flat: dict = {}
    for by_field in messages.values():
        if isinstance(by_field, dict):
            flat.update(by_field)

    return flat
