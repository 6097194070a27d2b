"""Signed, expiring bearer tokens for API clients."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from ..models import User


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="api-token")


def _password_stamp(user: User) -> str:
    # A changed password invalidates every token issued before the change.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def issue_token(user: User) -> str:
    """A token that identifies the user until it expires or the password changes."""
    return _serializer().dumps({"uid": user.id, "pw": _password_stamp(user)})


def user_from_token(token: str) -> User | None:
    """The active user a token names, or None if it is invalid, old or revoked."""
    max_age = current_app.config["TOKEN_MAX_AGE_S"]
    try:
        claims = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None

    if not isinstance(claims, dict):
        return None
    user = db.session.get(User, claims.get("uid"))
    if user is None or not user.active or claims.get("pw") != _password_stamp(user):
        return None
    if user.distributor is not None and not user.distributor.active:
        return None

    return user
