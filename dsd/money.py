"""Money at the edges: Decimal major units in, integer minor units at rest."""

from decimal import Decimal

from .values import BadValue

# Decimals of each currency's minor unit (ISO 4217). A currency missing here is
# refused rather than guessed.
CURRENCY_EXPONENTS = {
    "AED": 2,
    "AUD": 2,
    "BHD": 3,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "CLP": 0,
    "CNY": 2,
    "CZK": 2,
    "DKK": 2,
    "EGP": 2,
    "EUR": 2,
    "GBP": 2,
    "GHS": 2,
    "HKD": 2,
    "HUF": 2,
    "IDR": 2,
    "INR": 2,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KES": 2,
    "KHR": 2,
    "KRW": 0,
    "KWD": 3,
    "LAK": 2,
    "MAD": 2,
    "MXN": 2,
    "MYR": 2,
    "NGN": 2,
    "NOK": 2,
    "NZD": 2,
    "OMR": 3,
    "PHP": 2,
    "PKR": 2,
    "PLN": 2,
    "RON": 2,
    "SEK": 2,
    "SGD": 2,
    "THB": 2,
    "TND": 3,
    "TRY": 2,
    "TWD": 2,
    "TZS": 2,
    "UGX": 0,
    "USD": 2,
    "VND": 0,
    "XAF": 0,
    "XOF": 0,
    "ZAR": 2,
}


def currency_exponent(currency: str) -> int:
    """How many decimals the currency's minor unit has (EUR 2, VND 0)."""
    try:
        return CURRENCY_EXPONENTS[currency]
    except KeyError as error:
        raise BadValue(f"the currency {currency!r} is not supported") from error


def to_minor_units(amount: Decimal, currency: str) -> int:
    """An amount in major units as an exact integer of minor units.

    More decimals than the currency has are refused, never rounded away.
    """
    exponent = currency_exponent(currency)
    scaled = amount.scaleb(exponent)
    if scaled != scaled.to_integral_value():
        if exponent == 0:
            raise BadValue(f"must be a whole amount of {currency}")
        raise BadValue(f"must have at most {exponent} decimals for {currency}")

    return int(scaled)


def to_major_units(amount_minor: int, currency: str) -> Decimal:
    """Integer minor units back as a Decimal amount in major units."""
    exponent = currency_exponent(currency)
    return (
        Decimal(amount_minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))
    )
