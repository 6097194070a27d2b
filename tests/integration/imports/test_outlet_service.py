"""Creating and changing outlets through the service functions."""

from datetime import time

import pytest

from dsd.errors import Conflict, InvalidValue
from dsd.services.outlets import create_outlet, deactivate_outlet, update_outlet


def fields(**changes) -> dict:
    values = {
        "external_code": "BRU-001",
        "name": "Kiosk Nord",
        "lon": 4.3517,
        "lat": 50.8503,
        "channel": "kiosk",
        "size_band": "S",
    }
    values.update(changes)
    return values


def test_outlet_is_created_in_its_territory_with_defaults(app, brussels):
    outlet = create_outlet(brussels, fields())

    assert outlet.territory.name == "Brussels"
    assert outlet.status == "active"
    assert outlet.par_level_cases == 0
    assert [(w.opens_at, w.closes_at) for w in outlet.receiving_windows] == [
        (time(8), time(17))
    ]


def test_receiving_windows_are_stored_in_order(app, brussels):
    windows = [
        {"opens_at": "14:00", "closes_at": "17:00"},
        {"opens_at": time(7), "closes_at": time(11)},
    ]

    outlet = create_outlet(brussels, fields(receiving_windows=windows))

    assert [(w.opens_at, w.closes_at) for w in outlet.receiving_windows] == [
        (time(7), time(11)),
        (time(14), time(17)),
    ]


def test_window_ending_before_it_starts_is_refused(app, brussels):
    windows = [{"opens_at": "11:00", "closes_at": "07:00"}]

    with pytest.raises(InvalidValue) as refusal:
        create_outlet(brussels, fields(receiving_windows=windows))

    assert "ends before it starts" in refusal.value.errors["receiving_windows"][0]


def test_overlapping_windows_are_refused(app, brussels):
    windows = [
        {"opens_at": "07:00", "closes_at": "11:00"},
        {"opens_at": "10:30", "closes_at": "12:00"},
    ]

    with pytest.raises(InvalidValue) as refusal:
        create_outlet(brussels, fields(receiving_windows=windows))

    assert "overlaps" in refusal.value.errors["receiving_windows"][0]


def test_every_bad_field_is_named(app, brussels):
    bad = fields(channel="garage", size_band="XXL", par_level_cases=-3, colour="red")

    with pytest.raises(InvalidValue) as refusal:
        create_outlet(brussels, bad)

    assert set(refusal.value.errors) == {
        "channel",
        "size_band",
        "par_level_cases",
        "colour",
    }
    assert refusal.value.errors["par_level_cases"] == ["must be at least 0"]


def test_duplicate_code_is_a_conflict_naming_external_code(app, brussels):
    create_outlet(brussels, fields())

    with pytest.raises(Conflict) as refusal:
        create_outlet(brussels, fields(name="Another"))

    assert "external_code" in refusal.value.errors


def test_same_code_at_another_distributor_is_allowed(
    app, brussels, make_distributor, make_territory
):
    other = make_distributor("BRX")
    create_outlet(brussels, fields())

    outlet = create_outlet(other, fields())

    assert outlet.distributor_id == other.id


def test_moving_an_outlet_out_of_its_territory_unassigns_it(app, brussels):
    outlet = create_outlet(brussels, fields())
    warnings: list[str] = []

    update_outlet(outlet, {"lon": 4.7005, "lat": 50.8798}, warnings=warnings)

    assert outlet.territory is None
    assert "outside every territory" in warnings[0]


def test_moving_an_outlet_to_a_swapped_point_is_refused(app, brussels):
    outlet = create_outlet(brussels, fields())

    with pytest.raises(InvalidValue) as refusal:
        update_outlet(outlet, {"lon": 50.8503, "lat": 4.3517})

    assert "swapped" in refusal.value.errors["lat"][0]
    assert outlet.lon == 4.3517


def test_changing_to_a_taken_code_is_a_conflict(app, brussels):
    create_outlet(brussels, fields())
    second = create_outlet(brussels, fields(external_code="BRU-002"))

    with pytest.raises(Conflict):
        update_outlet(second, {"external_code": "BRU-001"})


def test_deactivated_outlet_keeps_its_record(app, brussels):
    outlet = create_outlet(brussels, fields())

    deactivate_outlet(outlet)

    assert outlet.status == "inactive"
    assert outlet.id is not None
