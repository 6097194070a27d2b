"""CSV cells that a spreadsheet shows as text, never runs as a formula.

Outlet names and codes come from outside; a name such as ``=HYPERLINK(...)``
would become a live formula when finance opens an export. Such text gets a
leading apostrophe; numbers, including negative ones, are written as they are.
"""

from decimal import Decimal, InvalidOperation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as it should be written to a CSV cell."""
    if value is None:
        return ""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        Decimal(value)
    except InvalidOperation:
        return "'" + value

    return value
