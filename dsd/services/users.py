"""Creating and changing users."""

import logging

from sqlalchemy import select

from ..auth.passwords import hash_password
from ..errors import Conflict, Forbidden, InvalidValue, NotFound
from ..extensions import db
from ..models import Distributor, User
from ..models.user import ROLES
from .audit import record_change

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8


def create_user(
    *,
    email: str,
    role: str,
    password: str,
    distributor_code: str | None = None,
    name: str = "",
) -> User:
    """Add a user; everyone but an administrator belongs to one distributor."""
    errors: dict[str, list[str]] = {}
    if role not in ROLES:
        errors["role"] = [f"must be one of {', '.join(ROLES)}"]
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = [f"must be at least {MIN_PASSWORD_LENGTH} characters"]
    if "@" not in email:
        errors["email"] = ["is not an email address"]

    distributor = None
    if distributor_code:
        distributor = db.session.scalar(
            select(Distributor).filter_by(code=distributor_code)
        )
        if distributor is None:
            errors["distributor"] = [f"no distributor with code {distributor_code!r}"]
    elif role != "admin":
        errors["distributor"] = [f"a {role} must belong to a distributor"]
    if errors:
        raise InvalidValue("the user is not valid", errors)

    email = email.strip().lower()
    if db.session.scalar(select(User).filter_by(email=email)) is not None:
        raise Conflict(f"a user with email {email} exists", {"email": ["is taken"]})

    user = User(
        email=email,
        name=name,
        role=role,
        password_hash=hash_password(password),
        distributor=distributor,
    )
    db.session.add(user)
    db.session.flush()
    logger.info("created %s user %s (id %s)", role, email, user.id)
    return user


def visible_users(caller: User):
    """A select of the users an administrator may see and change."""
    query = select(User)
    if caller.distributor_id is not None:
        query = query.filter_by(distributor_id=caller.distributor_id)

    return query


def get_user(caller: User, user_id: int) -> User:
    """A user in the administrator's scope."""
    user = db.session.get(User, user_id)
    if user is None or (
        caller.distributor_id is not None
        and user.distributor_id != caller.distributor_id
    ):
        raise NotFound(f"no user {user_id} in your scope")

    return user


def check_can_assign(caller: User, distributor_code: str | None) -> None:
    """A distributor's administrator manages only that distributor's people."""
    if caller.distributor_id is None:
        return
    if distributor_code != caller.distributor.code:
        raise Forbidden(
            "you may manage only your own distributor's users",
            {"distributor": [f"must be {caller.distributor.code}"]},
        )


def update_user(caller: User, user: User, changes: dict) -> User:
    """Change a user's name, role, password or state."""
    changes = dict(changes)
    if "role" in changes:
        role = changes["role"]
        if role not in ROLES:
            raise InvalidValue("bad role", {"role": [f"must be one of {ROLES}"]})
        if role == "admin" and user.distributor_id is None:
            check_can_assign(caller, None)
    if "password" in changes:
        password = changes.pop("password")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidValue(
                "bad password",
                {"password": [f"must be at least {MIN_PASSWORD_LENGTH} characters"]},
            )
        user.password_hash = hash_password(password)
    if user.id == caller.id and changes.get("active") is False:
        raise Conflict("you cannot deactivate yourself", {"active": ["is your own"]})

    before = {"role": user.role, "active": user.active, "name": user.name}
    for name, value in changes.items():
        setattr(user, name, value)

    db.session.flush()
    record_change(
        "update",
        user,
        distributor_id=user.distributor_id,
        before=before,
        after={"role": user.role, "active": user.active, "name": user.name},
    )
    logger.info("updated user %s: %s", user.email, sorted(changes))
    return user
