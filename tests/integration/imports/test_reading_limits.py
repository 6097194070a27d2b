"""Files that would break a naive reader are refused by name, never crash it."""

import codecs

import pytest

from dsd.errors import InvalidValue
from dsd.imports.reading import read_csv

COLUMNS = {"outlet_code", "name"}


def _read(data: bytes):
    return read_csv(data, text_columns=COLUMNS, known_columns=COLUMNS)


def test_truncated_utf16_file_is_refused():
    data = codecs.BOM_UTF16_LE + "outlet_code,name\n".encode("utf-16-le") + b"A"

    with pytest.raises(InvalidValue) as refused:
        _read(data)

    assert "UTF-16" in refused.value.errors["file"][0]


def test_nul_character_is_refused_naming_its_row():
    data = b"outlet_code,name\nA-1,Kiosk\nA-2,Ca\x00fe\n"

    with pytest.raises(InvalidValue) as refused:
        _read(data)

    assert list(refused.value.errors) == ["row 3"]


def test_cell_beyond_the_csv_field_limit_is_refused():
    data = b"outlet_code,name\nA-1," + b"x" * 200_000 + b"\n"

    with pytest.raises(InvalidValue) as refused:
        _read(data)

    assert "not valid CSV" in str(refused.value.errors)
