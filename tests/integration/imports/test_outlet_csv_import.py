"""Outlets from awkward CSV files: BOM, semicolons, decimal commas, bad points."""

from datetime import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from dsd.errors import Conflict, InvalidValue
from dsd.extensions import db
from dsd.imports.outlets import import_outlets
from dsd.imports.reading import read_csv
from dsd.models import Outlet

C13 = (
    "outlet_code,name,lat,lon\n"
    "BRU-001,Kiosk Nord,50.8503,4.3517\n"
    "BRU-002,Café Sud,4.3600,50.8450\n"
).encode()

C18 = b"\xef\xbb\xbf" + (
    b"outlet_code;name;lat;lon;weekly_cases;margin_per_case\n"
    b"GNT-001;Nachtwinkel;51,0543;3,7174;12;1,85\n"
    b"GNT-002;Bakkerij;51,0500;3,7300;8;2,40\n"
    b"GNT-003;Frituur;;;5;1,10\n"
)


def stored(distributor) -> dict[str, Outlet]:
    query = select(Outlet).filter_by(distributor_id=distributor.id)
    return {outlet.external_code: outlet for outlet in db.session.scalars(query)}


def test_c13_swapped_row_refuses_the_file_naming_row_3(app, brussels):
    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, C13, filename="c13.csv")

    errors = refusal.value.errors
    assert list(errors) == ["row 3"]
    assert set(errors["row 3"]) == {"lat", "lon"}
    reason = errors["row 3"]["lat"][0]
    assert "(lon 50.845, lat 4.36)" in reason
    assert "swapped" in reason
    assert "inside territory 'Brussels'" in reason


def test_c13_skipping_bad_rows_stores_the_good_one_and_lists_row_3(app, brussels):
    report = import_outlets(brussels, C13, filename="c13.csv", skip_bad_rows=True)

    outlets = stored(brussels)
    assert list(outlets) == ["BRU-001"]
    assert (outlets["BRU-001"].lon, outlets["BRU-001"].lat) == (4.3517, 50.8503)
    assert outlets["BRU-001"].territory.name == "Brussels"
    assert [skipped.row for skipped in report.skipped] == ["row 3"]
    assert report.created == 1


@pytest.mark.parametrize("decimal", [",", None], ids=["declared", "detected"])
def test_c18_file_is_refused_naming_row_4_with_missing_coordinates(
    app, brussels, decimal
):
    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, C18, filename="c18.csv", decimal=decimal)

    assert refusal.value.errors == {
        "row 4": {"lon": ["is missing"], "lat": ["is missing"]}
    }


@pytest.mark.parametrize("decimal", [",", None], ids=["declared", "detected"])
def test_c18_good_rows_read_decimal_commas_exactly(app, brussels, decimal):
    report = import_outlets(
        brussels, C18, filename="c18.csv", decimal=decimal, skip_bad_rows=True
    )

    outlets = stored(brussels)
    assert sorted(outlets) == ["GNT-001", "GNT-002"]
    assert (outlets["GNT-001"].lon, outlets["GNT-001"].lat) == (3.7174, 51.0543)
    assert (outlets["GNT-002"].lon, outlets["GNT-002"].lat) == (3.73, 51.05)
    assert [s.row for s in report.skipped] == ["row 4"]
    assert report.ignored_columns == ["weekly_cases", "margin_per_case"]


def test_c18_reader_keeps_the_margin_as_an_exact_decimal():
    table = read_csv(C18, text_columns={"outlet_code", "name"}, known_columns=set())

    line, first = table.rows[0]
    assert table.columns[0] == "outlet_code"
    assert (table.delimiter, table.decimal) == (";", ",")
    assert line == 2
    assert Decimal(first["margin_per_case"]) == Decimal("1.85")
    assert first["lat"] == "51.0543"


def test_ghent_outlets_outside_every_territory_carry_a_warning(app, brussels):
    report = import_outlets(brussels, C18, filename="c18.csv", skip_bad_rows=True)

    assert sorted(report.warnings) == ["row 2", "row 3"]
    assert "outside every territory" in report.warnings["row 2"][0]
    assert stored(brussels)["GNT-001"].territory is None


def test_decimal_comma_that_cannot_be_told_is_refused_naming_columns(app, brussels):
    # "50,850" may be fifty and a fraction or fifty thousand eight hundred and fifty.
    data = b"outlet_code;name;lat;lon\nB-1;Kiosk;50,850;4,352\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="ambiguous.csv")

    assert set(refusal.value.errors) == {"lat", "lon"}


def test_points_and_commas_mixed_are_refused_naming_columns(app, brussels):
    data = b"outlet_code;name;lat;lon\nB-1;Kiosk;50.8503;4,3517\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="mixed.csv")

    assert set(refusal.value.errors) == {"lat", "lon"}


def test_three_digit_decimals_are_read_when_declared(app, brussels):
    data = b"outlet_code;name;lat;lon\nB-1;Kiosk;50,850;4,352\n"

    import_outlets(brussels, data, filename="declared.csv", decimal=",")

    outlet = stored(brussels)["B-1"]
    assert (outlet.lon, outlet.lat) == (4.352, 50.85)


def test_point_in_a_declared_decimal_comma_file_is_a_row_error(app, brussels):
    data = b"outlet_code;name;lat;lon\nB-1;Kiosk;50.8503;4,3517\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="declared.csv", decimal=",")

    assert "uses a point" in refusal.value.errors["row 2"]["lat"][0]


def test_bom_comma_file_recognises_its_first_column(app, brussels):
    data = b"\xef\xbb\xbfoutlet_code,name,lat,lon\nB-1,Kiosk,50.8503,4.3517\n"

    report = import_outlets(brussels, data, filename="bom.csv")

    assert report.created == 1
    assert list(stored(brussels)) == ["B-1"]


def test_external_code_column_and_optional_columns(app, brussels):
    data = (
        "external_code;name;address;lat;lon;channel;size_band;par_level_cases;"
        "last_stock_cases;last_stock_on;receiving_windows\n"
        "B-1;Épicerie;Rue Haute 1;50,8503;4,3517;grocery;L;40;12;2025-06-01;"
        "07:00-11:00 14:00-17:00\n"
    ).encode()

    import_outlets(brussels, data, filename="full.csv")

    outlet = stored(brussels)["B-1"]
    assert (outlet.name, outlet.channel, outlet.size_band) == (
        "Épicerie",
        "grocery",
        "L",
    )
    assert (outlet.par_level_cases, outlet.last_stock_cases) == (40, 12)
    assert outlet.last_stock_on.isoformat() == "2025-06-01"
    assert [(w.opens_at, w.closes_at) for w in outlet.receiving_windows] == [
        (time(7), time(11)),
        (time(14), time(17)),
    ]


def test_window_ending_before_it_starts_names_row_and_column(app, brussels):
    data = b"outlet_code,name,lat,lon,receiving_windows\nB-1,K,50.85,4.35,11:00-07:00\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="windows.csv")

    reason = refusal.value.errors["row 2"]["receiving_windows"][0]
    assert "ends before it starts" in reason


def test_latitude_out_of_range_is_refused(app, brussels):
    data = b"outlet_code,name,lat,lon\nB-1,Kiosk,95.0,4.35\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="range.csv")

    assert "out of range" in refusal.value.errors["row 2"]["lat"][0]


def test_implausibly_far_point_is_refused(app, brussels):
    # Amsterdam, about 175 km from the Brussels depot.
    data = b"outlet_code,name,lat,lon\nB-1,Kiosk,52.3676,4.9041\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="far.csv")

    assert "further than 150 km" in refusal.value.errors["row 2"]["lon"][0]


def test_code_repeated_in_the_file_is_a_conflict_naming_both_rows(app, brussels):
    data = b"outlet_code,name,lat,lon\nB-1,One,50.85,4.35\nB-1,Two,50.86,4.36\n"

    with pytest.raises(Conflict) as refusal:
        import_outlets(brussels, data, filename="twice.csv")

    assert refusal.value.errors == {
        "row 3": {"external_code": ["'B-1' is repeated: first in row 2"]}
    }


def test_code_already_stored_is_a_conflict(app, brussels, make_outlet):
    make_outlet(brussels, "B-1")
    data = b"outlet_code,name,lat,lon\nB-1,One,50.85,4.35\n"

    with pytest.raises(Conflict) as refusal:
        import_outlets(brussels, data, filename="stored.csv")

    assert "external_code" in refusal.value.errors["row 2"]


def test_file_without_a_coordinate_column_is_refused(app, brussels):
    data = b"outlet_code,name,lat\nB-1,One,50.85\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="short.csv")

    assert list(refusal.value.errors) == ["lon"]


def test_row_with_more_cells_than_the_header_is_a_row_error(app, brussels):
    data = b"outlet_code,name,lat,lon\nB-1,One,50.85,4.35,extra\n"

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="long.csv")

    assert refusal.value.errors["row 2"] == {
        "row": ["has 5 fields but the header has 4"]
    }


def test_text_that_is_not_utf8_is_refused(app, brussels):
    data = "outlet_code,name,lat,lon\nB-1,Café,50.85,4.35\n".encode("cp1252")

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="latin.csv")

    assert "UTF-8" in refusal.value.errors["file"][0]


def test_file_of_another_kind_is_refused(app, brussels):
    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, b"PK\x03\x04", filename="outlets.xlsx")

    assert "file" in refusal.value.errors
