"""The access rule every endpoint applies: who asks, in which role, for whom."""

from functools import wraps

from flask import g, request, session
from flask_login import current_user
from sqlalchemy import select

from ..errors import Forbidden, NotFound, Unauthorized
from ..extensions import db
from ..models import Distributor, User
from .tokens import user_from_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ALL_ROLES = ("admin", "dispatcher", "driver", "technician", "finance")
OFFICE_ROLES = ("admin", "dispatcher", "finance")
PLANNERS = ("admin", "dispatcher")


def current_caller() -> User | None:
    """The user behind a bearer token, or behind the session cookie.

    A session may change data only with the X-CSRF-Token header its pages carry,
    so that another site cannot make a signed-in browser write on its behalf.
    """
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return user_from_token(header[7:].strip())

    if not current_user.is_authenticated:
        return None
    if request.method not in SAFE_METHODS:
        sent = request.headers.get("X-CSRF-Token")
        if not sent or sent != session.get("csrf_token"):
            raise Forbidden("a signed-in page must send its X-CSRF-Token header")

    return current_user._get_current_object()


def distributor_in_scope(user: User, code: str) -> Distributor:
    """The distributor with this code, if the user may act for it."""
    distributor = db.session.scalar(select(Distributor).filter_by(code=code))
    if distributor is None:
        raise NotFound(f"no distributor with code {code!r}")
    if user.distributor_id is not None and user.distributor_id != distributor.id:
        raise Forbidden(f"distributor {code!r} is outside your scope")
    if not distributor.active and request.method not in SAFE_METHODS:
        raise Forbidden(f"distributor {code!r} is deactivated; its data is read-only")

    return distributor


def requires(*roles: str, every_distributor: bool = False):
    """Let only signed-in callers with one of these roles through.

    A view whose URL holds ``distributor_code`` receives ``distributor`` instead,
    already checked against the caller's scope. With ``every_distributor`` only
    callers whose scope is every distributor pass. The roles are written into the
    operation's OpenAPI entry as ``x-roles``.
    """

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            caller = current_caller()
            if caller is None:
                raise Unauthorized("sign in or send a valid bearer token")
            if caller.role not in roles:
                raise Forbidden(f"the {caller.role} role may not do this")
            if every_distributor and caller.distributor_id is not None:
                raise Forbidden("only an administrator of every distributor may")

            g.caller = caller
            if "distributor_code" in kwargs:
                code = kwargs.pop("distributor_code")
                kwargs["distributor"] = distributor_in_scope(caller, code)
            return view(*args, **kwargs)

        apidoc = dict(getattr(guarded, "_apidoc", {}))
        manual = dict(apidoc.get("manual_doc", {}))
        manual["x-roles"] = list(roles)
        manual["security"] = [{"bearerAuth": []}, {"sessionCookie": []}]
        apidoc["manual_doc"] = manual
        guarded._apidoc = apidoc
        return guarded

    return decorate


def caller() -> User:
    """The user the current request was let through for."""
    return g.caller
