"""Bearer tokens for API clients."""

import logging

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.passwords import check_password
from ..auth.tokens import issue_token
from ..errors import Unauthorized
from ..extensions import db
from ..models import User

logger = logging.getLogger(__name__)

PREFIX = "/auth"
blp = Blueprint("auth", __name__, description="Sign in for API clients")


class Credentials(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024))


class TokenOut(Schema):
    token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    role = fields.String()
    distributor = fields.String(allow_none=True)


@blp.route("/token")
class Token(MethodView):
    @blp.arguments(Credentials)
    @blp.response(200, TokenOut)
    def post(self, credentials):
        """Exchange an email and password for a bearer token."""
        from flask import current_app

        user = db.session.scalar(
            select(User).filter_by(email=credentials["email"].lower())
        )
        if (
            user is None
            or not user.active
            or (user.distributor is not None and not user.distributor.active)
            or not check_password(user.password_hash, credentials["password"])
        ):
            logger.info("refused a token for %s", credentials["email"])
            raise Unauthorized("wrong email or password")

        return {
            "token": issue_token(user),
            "token_type": "Bearer",
            "expires_in": current_app.config["TOKEN_MAX_AGE_S"],
            "role": user.role,
            "distributor": user.distributor.code if user.distributor else None,
        }
