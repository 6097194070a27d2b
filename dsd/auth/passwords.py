"""Password hashing with Argon2id."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_default = PasswordHasher()
# Only for the test suite: the same algorithm with a fraction of the work.
_fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _hasher() -> PasswordHasher:
    return _fast if current_app.config.get("ARGON2_FAST") else _default


def hash_password(password: str, salt: bytes | None = None) -> str:
    """Hash a password for storage, with a fresh random salt unless one is given.

    A fixed salt is only for passwords that are published anyway (the demo's), so
    that the same data set is stored byte for byte the same every time.
    """
    return _hasher().hash(password, salt=salt)


def check_password(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
