"""Amounts of money: Decimal in major units at the edges, integer minor units inside."""

from decimal import Decimal, InvalidOperation

from .errors import field_error

# ISO 4217 minor-unit exponents of the currencies distributors use; others are
# refused rather than guessed.
CURRENCY_EXPONENTS = {
    "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "PLN": 2, "CZK": 2, "HUF": 2,
    "SEK": 2, "NOK": 2, "DKK": 2, "RON": 2, "TRY": 2, "ZAR": 2, "KES": 2,
    "NGN": 2, "GHS": 2, "EGP": 2, "MAD": 2, "INR": 2, "PKR": 2, "BDT": 2,
    "THB": 2, "MYR": 2, "SGD": 2, "PHP": 2, "CNY": 2, "HKD": 2, "TWD": 2,
    "AUD": 2, "NZD": 2, "CAD": 2, "MXN": 2, "BRL": 2, "ARS": 2, "PEN": 2,
    "COP": 2, "VND": 0, "JPY": 0, "KRW": 0, "IDR": 2, "CLP": 0, "UGX": 0,
    "XOF": 0, "XAF": 0, "KWD": 3, "BHD": 3, "OMR": 3, "JOD": 3, "TND": 3,
}  # fmt: skip


def exponent_of(currency: str) -> int:
    """The number of decimals of the currency's minor unit."""
    return CURRENCY_EXPONENTS[currency]


def to_minor(amount, currency: str, field: str) -> int:
    """Convert a major-unit amount to exact integer minor units, or refuse it."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation as error:
        raise field_error(field, "is not a number") from error

    if not value.is_finite():
        raise field_error(field, "is not a finite number")
    exponent = exponent_of(currency)
    minor = value.scaleb(exponent)
    if minor != minor.to_integral_value():
        raise field_error(field, f"has more than {exponent} decimals for {currency}")

    return int(minor)


def to_major(minor: int, currency: str) -> Decimal:
    """Express integer minor units as a Decimal in major units."""
    return Decimal(minor).scaleb(-exponent_of(currency))
