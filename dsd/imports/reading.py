"""Reading CSV files as spreadsheets write them.

A file may start with a byte order mark, separate columns with ``,`` or ``;``,
and write decimals with a point or a comma. The delimiter and decimal separator
are taken as declared, or detected when that can be done without doubt; a file
whose decimal separator cannot be told is refused, naming its columns.
"""

import codecs
import csv
import io
import logging
import re
from dataclasses import dataclass, field

from ..errors import InvalidValue
from ..values import Unreadable

logger = logging.getLogger(__name__)

DELIMITERS = (",", ";", "\t")
POINT_NUMBER = re.compile(r"[-+]?\d*\.\d+")
COMMA_NUMBER = re.compile(r"[-+]?\d*,\d+")
# 1.234.567,89: points grouping thousands in a decimal-comma file.
GROUPED_COMMA_NUMBER = re.compile(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?")


@dataclass
class Table:
    """The rows of a CSV file as text, keyed by lower-case column name."""

    columns: list[str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    delimiter: str = ","
    decimal: str = "."


# A larger file would hold the database for many minutes in one transaction.
MAX_ROWS = 50_000


def decode(data: bytes) -> str:
    """The text of a UTF-8 (or UTF-16 with BOM) file, without its byte order mark."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        text = data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        kind = "UTF-16" if utf16 else "UTF-8"
        raise InvalidValue(
            f"the file is not {kind} text",
            {
                "file": [
                    f"is not {kind} text (at byte offset {error.start}); "
                    "save it as CSV UTF-8"
                ]
            },
        ) from error

    _refuse_unstorable(text)
    return text


def _refuse_unstorable(text: str) -> None:
    """NUL characters and unpaired surrogates cannot be stored; name the line."""
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            bad = True
        else:
            bad = "\x00" in line
        if bad:
            raise InvalidValue(
                "the file holds characters that cannot be stored",
                {
                    f"row {number}": {
                        "file": ["holds a NUL character or an unpaired surrogate"]
                    }
                },
            )


def read_csv(
    data: bytes,
    *,
    text_columns: set[str],
    known_columns: set[str],
    delimiter: str | None = None,
    decimal: str | None = None,
) -> Table:
    """Read a CSV file into rows of text, numbers written with a decimal point.

    Columns not in ``text_columns`` are numeric: their decimal commas are turned
    into points once the decimal separator is known. ``known_columns`` help tell
    the delimiter when the header could be split more than one way.
    """
    if delimiter is not None and delimiter not in DELIMITERS:
        raise InvalidValue("unknown delimiter", {"delimiter": ["must be , ; or tab"]})
    if decimal is not None and decimal not in (".", ","):
        raise InvalidValue("unknown decimal", {"decimal": ["must be . or ,"]})

    text = decode(data).lstrip("\ufeff")
    if not text.strip():
        raise InvalidValue("the file is empty", {"file": ["is empty"]})
    delimiter = delimiter or _sniff_delimiter(text, known_columns)

    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = _rows(records)
    except csv.Error as error:
        raise InvalidValue(
            "the file is not valid CSV",
            {f"row {records.line_num}": {"file": [f"is not valid CSV: {error}"]}},
        ) from error
    table.delimiter = delimiter
    header = table.columns

    numeric = [name for name in header if name not in text_columns]
    table.decimal = decimal or _detect_decimal(table, numeric, delimiter)
    _normalise_numbers(table, numeric)
    logger.info(
        "read a CSV file: %d rows, delimiter %r, decimal %r",
        len(table.rows),
        delimiter,
        table.decimal,
    )
    return table


def _rows(records) -> Table:
    header = [name.strip().lower() for name in next(records)]
    _check_header(header)
    table = Table(columns=header)
    for record in records:
        if not any(cell.strip() for cell in record):
            continue
        row: dict[str, object] = dict(zip(header, record, strict=False))
        if len(record) > len(header):
            row["_extra"] = Unreadable(
                "", f"has {len(record)} fields but the header has {len(header)}"
            )
        table.rows.append((records.line_num, row))
        if len(table.rows) > MAX_ROWS:
            raise InvalidValue(
                "the file is too long",
                {"file": [f"has more than {MAX_ROWS:,} rows; split it"]},
            )

    return table


def _check_header(header: list[str]) -> None:
    if not all(header):
        raise InvalidValue(
            "the header is not valid", {"file": ["has a blank column name"]}
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InvalidValue(
            "the header is not valid",
            {name: ["appears more than once in the header"] for name in repeated},
        )


def _sniff_delimiter(text: str, known_columns: set[str]) -> str:
    """The one delimiter that splits the header, or the one naming known columns."""
    header = text.splitlines()[0]
    splits = {}
    for candidate in DELIMITERS:
        fields = next(csv.reader([header], delimiter=candidate))
        if len(fields) > 1:
            splits[candidate] = fields

    if not splits:
        return ","
    if len(splits) == 1:
        return next(iter(splits))

    def known(candidate: str) -> int:
        return sum(f.strip().lower() in known_columns for f in splits[candidate])

    ranked = sorted(splits, key=known, reverse=True)
    if known(ranked[0]) > known(ranked[1]):
        return ranked[0]

    raise InvalidValue(
        "cannot tell the delimiter",
        {"delimiter": ["the header splits on more than one of , ; tab; declare it"]},
    )


def _detect_decimal(table: Table, numeric: list[str], delimiter: str) -> str:
    """Point or comma, from the numbers in the file, or refuse naming the columns."""
    point_columns, comma_columns = set(), set()
    comma_values = []
    for _line, row in table.rows:
        for name in numeric:
            value = row.get(name)
            if not isinstance(value, str):
                continue
            value = value.strip()
            if POINT_NUMBER.fullmatch(value):
                point_columns.add(name)
            elif COMMA_NUMBER.fullmatch(value):
                comma_columns.add(name)
                comma_values.append(value)

    if not comma_columns:
        return "."

    # "1,234" may be a decimal or a thousands group: only other widths decide.
    only_three_digits = all(len(v.split(",")[1]) == 3 for v in comma_values)
    if not point_columns and not only_three_digits:
        return ","

    columns = sorted(comma_columns | point_columns)
    reason = (
        "holds numbers whose decimal separator cannot be told (points and commas, "
        "or only three digits after a comma); declare the decimal separator"
    )
    raise InvalidValue(
        f"cannot tell the decimal separator of columns {', '.join(columns)}",
        {name: [reason] for name in columns},
    )


def _normalise_numbers(table: Table, numeric: list[str]) -> None:
    """Write decimals with a point; mark cells that use the other separator."""
    for _line, row in table.rows:
        for name in numeric:
            value = row.get(name)
            if not isinstance(value, str):
                continue
            value = value.strip()
            row[name] = _normalised(value, table.decimal)


def _normalised(value: str, decimal: str) -> object:
    if decimal == ",":
        if GROUPED_COMMA_NUMBER.fullmatch(value):
            return value.replace(".", "").replace(",", ".")
        if COMMA_NUMBER.fullmatch(value):
            return value.replace(",", ".")
        if POINT_NUMBER.fullmatch(value):
            return Unreadable(value, f"{value!r} uses a point; the decimal is a comma")
        return value

    if COMMA_NUMBER.fullmatch(value):
        return Unreadable(value, f"{value!r} uses a comma; the decimal is a point")
    return value
