"""Creating and changing users."""

import logging

from sqlalchemy import select

from ..auth.passwords import hash_password
from ..errors import Conflict, InvalidValue
from ..extensions import db
from ..models import Distributor, User
from ..models.user import ROLES

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
