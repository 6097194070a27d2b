"""Column types that behave the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC that always comes back timezone-aware.

    SQLite keeps no offset, so values are written as naive UTC there and given
    their zone back on the way out. A naive value is refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored; give its offset")

        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)

        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)

        return value.astimezone(UTC)


class ScaledDecimal(TypeDecorator):
    """A Decimal kept as an exact integer of 10**-scale units.

    Rates such as cost per km have up to six decimals; storing them as integers
    keeps them exact on SQLite, which has no true decimal type.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int = 6):
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value, dialect):
        if value is None:
            return None

        scaled = Decimal(value).scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"more than {self.scale} decimals: {value}")

        return int(scaled)

    def process_result_value(self, value, dialect):
        if value is None:
            return None

        return Decimal(value).scaleb(-self.scale)


def utcnow() -> datetime:
    return datetime.now(UTC)
