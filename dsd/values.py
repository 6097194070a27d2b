"""Reading input values: text, numbers, dates, times and instants.

Every reader takes what a JSON body or a CSV cell holds (a string, a number, or a
value already of the right type) and returns the typed value, or raises
``BadValue`` with the rule broken. Callers collect the reasons by field.
"""

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation


class BadValue(ValueError):
    """A single value breaks a rule; the message is the reason."""


class Unreadable:
    """A cell a file reader could not make sense of; reading it gives its reason."""

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unreadable({self.text!r})"


class FieldErrors:
    """Reasons gathered by field while a record is read."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, reason: str) -> None:
        self.errors.setdefault(field, []).append(reason)

    def read(self, field: str, reader, value, **options):
        """The value read by ``reader``; on failure the reason is kept, None given."""
        if isinstance(value, Unreadable):
            self.add(field, value.reason)
            return None
        try:
            return reader(value, **options)
        except BadValue as error:
            self.add(field, str(error))
            return None

    def __bool__(self) -> bool:
        return bool(self.errors)


def is_blank(value) -> bool:
    """True for None and for text that is empty once stripped."""
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value, *, max_length: int, required: bool = True) -> str:
    """Stripped text of at most ``max_length`` characters."""
    if is_blank(value):
        if required:
            raise BadValue("is missing")
        return ""
    if not isinstance(value, str):
        raise BadValue("must be text")

    text = value.strip()
    if len(text) > max_length:
        raise BadValue(f"must be at most {max_length} characters")
    if "\x00" in text:
        raise BadValue("must not contain NUL characters")

    return text


def read_choice(value, *, options: tuple[str, ...]) -> str:
    """One of the allowed words."""
    if is_blank(value):
        raise BadValue("is missing")
    if value not in options:
        raise BadValue(f"must be one of {', '.join(options)}")

    return value


# Counts above this are refused: no drop, stock or visit comes near it, and it
# stays inside a 32-bit database integer.
MAX_COUNT = 1_000_000


def read_int(value, *, minimum: int | None = None, maximum: int = MAX_COUNT) -> int:
    """A whole number, at least ``minimum`` when given and at most ``maximum``."""
    if is_blank(value):
        raise BadValue("is missing")
    if isinstance(value, bool):
        raise BadValue("must be a whole number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+(\.0*)?\s*", value):
        # Spreadsheets may write a whole number as 12.0.
        value = int(value.strip().split(".")[0])
    if not isinstance(value, int):
        raise BadValue("must be a whole number")
    if minimum is not None and value < minimum:
        raise BadValue(f"must be at least {minimum}")
    if value > maximum:
        raise BadValue(f"must be at most {maximum}")

    return value


def read_float(value, *, minimum: float | None = None, maximum: float | None = None):
    """A finite number within the bounds given."""
    if is_blank(value):
        raise BadValue("is missing")
    if isinstance(value, bool):
        raise BadValue("must be a number")
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise BadValue("must be a number") from error

    if number != number or number in (float("inf"), float("-inf")):
        raise BadValue("must be a finite number")
    if minimum is not None and number < minimum:
        raise BadValue(f"must be at least {minimum:g}")
    if maximum is not None and number > maximum:
        raise BadValue(f"must be at most {maximum:g}")

    return number


# Amounts above this (in major units) are refused as typing slips; minor units
# then stay far inside a 64-bit database integer.
MAX_AMOUNT = Decimal(10) ** 12


def read_decimal(value, *, minimum: Decimal | None = Decimal(0)) -> Decimal:
    """An exact decimal, at most MAX_AMOUNT; a float is read as written."""
    if is_blank(value):
        raise BadValue("is missing")
    if isinstance(value, bool):
        raise BadValue("must be a decimal number")
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise BadValue("must be a decimal number") from error

    if not number.is_finite():
        raise BadValue("must be a finite number")
    if minimum is not None and number < minimum:
        raise BadValue(f"must be at least {minimum}")
    if abs(number) > MAX_AMOUNT:
        raise BadValue(f"must be at most {MAX_AMOUNT:,}")

    return number


def read_date(value) -> date:
    """A calendar date written YYYY-MM-DD."""
    if is_blank(value):
        raise BadValue("is missing")
    if isinstance(value, datetime):
        raise BadValue("must be a date, not an instant")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise BadValue("must be a date written YYYY-MM-DD") from error


def read_time(value) -> time:
    """A local wall-clock time written HH:MM."""
    if is_blank(value):
        raise BadValue("is missing")
    if isinstance(value, time):
        return value

    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(value))
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise BadValue("must be a time of day written HH:MM")

    return time(int(match[1]), int(match[2]))


def read_instant(value) -> datetime:
    """An ISO 8601 instant that carries its UTC offset; a naive one is refused."""
    if is_blank(value):
        raise BadValue("is missing")
    if isinstance(value, datetime):
        instant = value
    elif isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value.strip())
        except ValueError as error:
            raise BadValue(
                "must be an ISO 8601 instant, e.g. 2025-06-02T09:15:00+02:00"
            ) from error
    else:
        raise BadValue("must be an ISO 8601 instant")

    if instant.tzinfo is None or instant.utcoffset() is None:
        raise BadValue(
            "must carry a UTC offset, e.g. 2025-06-02T09:15:00+02:00; "
            "a time without one is ambiguous"
        )
    try:
        return instant.astimezone(UTC)
    except OverflowError as error:
        raise BadValue("is out of range") from error
