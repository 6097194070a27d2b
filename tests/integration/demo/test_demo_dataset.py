"""The demo data set: its size, its geography and the invariants of its history.

Expected figures come from the product's description of the demo (about 600
outlets, about 12 trucks, 90 days of history, 2-4 % failed drops, ...) and from
the calendar, not from the generator.
"""

import math
import re
from collections import Counter, defaultdict
from datetime import date, time, timedelta
from itertools import combinations

import pytest
from shapely.geometry import Point, shape
from sqlalchemy import select

from dsd.demo import DEMO_PASSWORD
from dsd.models import (
    Asset,
    Delivery,
    Distributor,
    Outlet,
    ReceivingWindow,
    ServiceVisit,
    Territory,
    User,
    Vehicle,
)

FIRST_DAY = date(2026, 3, 3)
LAST_DAY = date(2026, 5, 31)
# Bến Thành market, the usual centre of the city.
CITY_CENTRE = (106.6981, 10.7725)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    east = (b[0] - a[0]) * 111.32 * math.cos(lat)
    north = (b[1] - a[1]) * 111.32
    return math.hypot(east, north)


@pytest.fixture
def outlets(demo_session) -> list[Outlet]:
    return demo_session.scalars(select(Outlet).order_by(Outlet.external_code)).all()


@pytest.fixture
def deliveries(demo_session) -> list[Delivery]:
    return demo_session.scalars(select(Delivery)).all()


@pytest.fixture
def territories(demo_session) -> dict[int, object]:
    rows = demo_session.scalars(select(Territory)).all()
    return {t.id: shape(t.polygon) for t in rows}


def test_one_distributor_with_its_depot_in_ho_chi_minh_city(demo_session):
    distributor = demo_session.scalars(select(Distributor)).one()

    assert distributor.code == "SGN"
    assert distributor.currency == "VND"
    assert distributor.timezone == "Asia/Ho_Chi_Minh"
    depot = (distributor.depot_lon, distributor.depot_lat)
    assert 2 < _km(depot, CITY_CENTRE) < 12


def test_about_600_outlets_with_codes_like_sgn_00001(outlets):
    codes = [o.external_code for o in outlets]

    assert 550 <= len(outlets) <= 650
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"SGN-\d{5}", code) for code in codes)
    assert codes[0] == "SGN-00001"


def test_outlets_have_a_name_and_a_city_street_address(outlets):
    for outlet in outlets:
        assert outlet.name.strip()
        assert re.match(r"\d+(/\d+)? \S", outlet.address), outlet.address
        assert outlet.address.endswith("TP. Hồ Chí Minh")


def test_at_least_three_valid_territories(territories):
    assert len(territories) >= 3
    assert all(
        polygon.is_valid and polygon.area > 0 for polygon in territories.values()
    )


def test_no_territory_overlaps_another(territories):
    for a, b in combinations(territories.values(), 2):
        assert a.intersection(b).area == pytest.approx(0, abs=1e-12)


def test_every_outlet_lies_inside_its_territory(outlets, territories):
    for outlet in outlets:
        assert outlet.territory_id is not None
        polygon = territories[outlet.territory_id]
        assert polygon.contains(Point(outlet.lon, outlet.lat)), outlet.external_code


@pytest.mark.parametrize(
    ("place", "lon", "lat"),
    [
        ("Bến Thành market, District 1", 106.6981, 10.7725),
        ("Tân Định market, District 3 edge", 106.6905, 10.7905),
        ("An Đông market, District 5", 106.6720, 10.7575),
        ("Bà Chiểu market, Bình Thạnh", 106.6990, 10.8025),
        ("Gò Vấp district centre", 106.6790, 10.8380),
        ("Phú Mỹ Hưng, District 7", 106.7190, 10.7290),
    ],
)
def test_territories_cover_the_urban_districts(territories, place, lon, lat):
    assert any(p.contains(Point(lon, lat)) for p in territories.values()), place


@pytest.mark.parametrize(
    ("place", "lon", "lat"),
    [
        ("Saigon river off Bạch Đằng wharf", 106.7090, 10.7740),
        ("Saigon river under Saigon bridge", 106.7245, 10.7985),
        ("Thủ Thiêm, across the river from District 1", 106.7200, 10.7750),
        ("Thảo Điền, across the river from Bình Thạnh", 106.7330, 10.8040),
    ],
)
def test_no_territory_reaches_into_or_across_the_saigon_river(
    territories, place, lon, lat
):
    assert not any(p.contains(Point(lon, lat)) for p in territories.values()), place


def test_outlets_are_denser_in_the_centre(outlets):
    near = sum(1 for o in outlets if _km((o.lon, o.lat), CITY_CENTRE) < 3)
    ring = sum(1 for o in outlets if 3 <= _km((o.lon, o.lat), CITY_CENTRE) < 6)

    # The inner disc is a third of the ring's area (9 against 27 square units).
    assert near / (math.pi * 3**2) > ring / (math.pi * (6**2 - 3**2))


def test_channel_mix_is_mostly_kiosks_and_groceries(outlets):
    channels = Counter(o.channel for o in outlets)
    total = len(outlets)

    assert (channels["kiosk"] + channels["grocery"]) / total > 0.4
    for channel in ("cafe", "restaurant", "bar"):
        assert 0 < channels[channel] < channels["kiosk"]
    assert 0.01 <= channels["supermarket"] / total <= 0.06


def test_size_bands_match_channels(outlets):
    bands = {(o.channel, o.size_band) for o in outlets}

    assert not bands & {("supermarket", "S"), ("supermarket", "M")}
    assert not bands & {("kiosk", "L"), ("kiosk", "XL")}
    assert {o.size_band for o in outlets} == {"S", "M", "L", "XL"}


def test_receiving_windows_are_typical_of_each_channel(demo_session):
    rows = demo_session.execute(
        select(Outlet.channel, ReceivingWindow.opens_at, ReceivingWindow.closes_at)
        .join(ReceivingWindow.outlet)
        .order_by(Outlet.id, ReceivingWindow.opens_at)
    ).all()
    windows = defaultdict(list)
    for channel, opens, closes in rows:
        assert closes > opens
        windows[channel].append((opens, closes))

    # Kiosks open early and take stock in the morning; supermarkets before 09:30.
    assert all(o <= time(7) for o, c in windows["kiosk"] if c <= time(12))
    assert all(time(5) <= o and c <= time(9, 30) for o, c in windows["supermarket"])
    # Cafes take deliveries before the morning rush ends and in the afternoon lull.
    cafe_starts = {o.hour for o, _ in windows["cafe"]}
    assert cafe_starts <= {7, 14}


def test_every_outlet_has_a_window_and_a_par_level(demo_session, outlets):
    with_windows = set(
        demo_session.scalars(select(ReceivingWindow.outlet_id).distinct()).all()
    )

    for outlet in outlets:
        assert outlet.id in with_windows
        assert outlet.par_level_cases > 0


def test_last_known_stock_is_dated_within_the_history(outlets):
    for outlet in outlets:
        assert outlet.last_stock_cases is not None
        assert outlet.last_stock_cases >= 0
        assert FIRST_DAY <= outlet.last_stock_on <= LAST_DAY


def test_a_few_outlets_are_inactive_and_their_drops_stop(outlets, deliveries):
    inactive = {o.id for o in outlets if o.status == "inactive"}
    last_drop = {}
    for delivery in sorted(deliveries, key=lambda d: d.delivered_on):
        last_drop[delivery.outlet_id] = delivery

    assert 1 <= len(inactive) <= 0.05 * len(outlets)
    for outlet_id in inactive:
        assert last_drop[outlet_id].status == "failed"
        assert last_drop[outlet_id].failure_reason == "closed"
        assert last_drop[outlet_id].delivered_on < LAST_DAY - timedelta(days=7)


def test_about_twelve_trucks_with_realistic_capacities_shifts_and_rates(demo_session):
    trucks = demo_session.scalars(select(Vehicle)).all()

    assert 10 <= len(trucks) <= 14
    for truck in trucks:
        assert 300 <= truck.capacity_cases <= 600
        assert time(5) <= truck.shift_start <= time(7)
        assert truck.shift_end.hour - truck.shift_start.hour == 9
        assert 300_000 <= truck.fixed_cost_minor <= 3_000_000
        assert 1_000 <= truck.cost_per_km <= 20_000
        assert 30_000 <= truck.cost_per_hour <= 300_000


def test_each_truck_has_its_own_driver(demo_session):
    trucks = demo_session.scalars(select(Vehicle)).all()
    drivers = [truck.driver for truck in trucks]

    assert all(d is not None and d.role == "driver" for d in drivers)
    assert len({d.id for d in drivers}) == len(trucks)
    assert all(d.distributor_id == trucks[0].distributor_id for d in drivers)


def test_every_role_has_a_user_and_the_admin_has_no_distributor(demo_session):
    users = demo_session.scalars(select(User)).all()
    roles = Counter(u.role for u in users)

    assert set(roles) == {"admin", "dispatcher", "driver", "technician", "finance"}
    assert 2 <= roles["technician"] <= 3
    assert all(u.email.endswith("@demo.example") for u in users)
    assert all((u.distributor_id is None) == (u.role == "admin") for u in users)
    assert "dispatcher@demo.example" in {u.email for u in users}


@pytest.mark.parametrize(
    "email",
    [
        "admin@demo.example",
        "dispatcher@demo.example",
        "finance@demo.example",
        "technician1@demo.example",
        "driver01@demo.example",
    ],
)
def test_each_demo_login_gets_a_token(demo_app, email):
    response = demo_app.test_client().post(
        "/api/v1/auth/token", json={"email": email, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["token"]


def test_history_covers_the_90_days_before_the_end_date(deliveries):
    days = {d.delivered_on for d in deliveries}

    assert min(days) == FIRST_DAY
    assert max(days) == LAST_DAY
    assert len(days) == 90


def test_sundays_are_quiet(deliveries):
    per_day = Counter(d.delivered_on for d in deliveries)
    sunday = [n for day, n in per_day.items() if day.weekday() == 6]
    other = [n for day, n in per_day.items() if day.weekday() != 6]

    assert sum(sunday) < 0.01 * len(deliveries)
    assert max(sunday) < 0.1 * min(other)


def test_each_outlet_has_one_to_three_delivery_weekdays(deliveries):
    weekdays = defaultdict(set)
    for delivery in deliveries:
        if delivery.delivered_on.weekday() != 6:
            weekdays[delivery.outlet_id].add(delivery.delivered_on.weekday())

    assert all(1 <= len(days) <= 3 for days in weekdays.values())


def test_some_drops_fail_with_a_reason_and_some_are_partial(deliveries):
    statuses = Counter(d.status for d in deliveries)
    failed = [d for d in deliveries if d.status == "failed"]

    assert 0.01 <= statuses["failed"] / len(deliveries) <= 0.06
    assert 0 < statuses["partial"] < statuses["delivered"]
    assert all(d.failure_reason and d.cases == 0 for d in failed)
    assert all(d.net_revenue_minor == 0 for d in failed)
    assert all(d.failure_reason is None for d in deliveries if d.status != "failed")
    assert len({d.failure_reason for d in failed}) >= 3


def test_drop_sizes_grow_with_the_size_band(outlets, deliveries):
    band = {o.id: o.size_band for o in outlets}
    sizes = defaultdict(list)
    for delivery in deliveries:
        if delivery.status == "delivered" and delivery.delivered_on.weekday() != 6:
            sizes[band[delivery.outlet_id]].append(delivery.cases)
    mean = {b: sum(cases) / len(cases) for b, cases in sizes.items()}

    assert mean["S"] < mean["M"] < mean["L"] < mean["XL"]
    assert 3 <= mean["S"] <= 15
    assert 25 <= mean["XL"] <= 120
    assert all(cases >= 1 for values in sizes.values() for cases in values)


def test_revenue_per_case_and_cost_of_goods_are_realistic(outlets, deliveries):
    channel = {o.id: o.channel for o in outlets}
    revenue, cases = Counter(), Counter()
    for delivery in deliveries:
        if delivery.status == "failed":
            continue
        revenue[channel[delivery.outlet_id]] += delivery.net_revenue_minor
        cases[channel[delivery.outlet_id]] += delivery.cases
        share = delivery.cost_of_goods_minor / delivery.net_revenue_minor
        assert 0.69 <= share <= 0.79
        assert delivery.trade_spend_minor < delivery.net_revenue_minor

    for name in revenue:
        assert 115_000 <= revenue[name] / cases[name] <= 185_000, name
    assert sum(1 for d in deliveries if d.trade_spend_minor > 0) > 0


def test_delivery_references_are_unique(deliveries):
    refs = [d.external_ref for d in deliveries]

    assert len(set(refs)) == len(refs)


def test_coolers_stand_at_most_mid_and_large_outlets(demo_session, outlets):
    assets = demo_session.scalars(select(Asset)).all()
    with_cooler = {a.outlet_id for a in assets if a.kind == "cooler"}
    larger = [o for o in outlets if o.size_band in ("M", "L", "XL")]
    kinds = Counter(a.kind for a in assets)

    assert sum(1 for o in larger if o.id in with_cooler) > 0.5 * len(larger)
    assert 0 < kinds["vending_machine"] < kinds["cooler"]
    assert 0 < kinds["fountain"] < kinds["cooler"]
    assert len({a.serial_number for a in assets}) == len(assets)


def test_service_visits_are_timed_in_utc_within_the_history(demo_session):
    visits = demo_session.scalars(select(ServiceVisit)).all()
    kinds = Counter(v.kind for v in visits)

    assert set(kinds) == {"install", "repair", "preventive", "audit"}
    for visit in visits:
        assert visit.window_start.tzinfo is not None
        assert visit.window_start.utcoffset() == timedelta(0)
        assert visit.window_end > visit.window_start
        if visit.outcome == "cancelled":
            assert visit.started_at is None
            assert visit.labour_minutes == 0
            continue
        assert visit.started_at.utcoffset() == timedelta(0)
        assert visit.finished_at > visit.started_at
        minutes = (visit.finished_at - visit.started_at).total_seconds() / 60
        assert visit.labour_minutes == minutes
        # 07:00 UTC is 14:00 in Ho Chi Minh City; dates are local dates.
        local_day = (visit.started_at + timedelta(hours=7)).date()
        assert FIRST_DAY <= local_day <= LAST_DAY
        assert local_day.weekday() != 6


def test_service_visits_go_to_the_asset_outlet_by_a_technician(demo_session):
    rows = demo_session.execute(
        select(ServiceVisit, Asset, User)
        .join(Asset, ServiceVisit.asset_id == Asset.id)
        .join(User, ServiceVisit.technician_id == User.id)
    ).all()

    assert rows
    for visit, asset, technician in rows:
        assert visit.outlet_id == asset.outlet_id
        assert technician.role == "technician"
        assert visit.parts_cost_minor >= 0


def test_no_technician_is_in_two_places_at_once(demo_session):
    visits = demo_session.scalars(
        select(ServiceVisit)
        .where(ServiceVisit.started_at.is_not(None))
        .order_by(ServiceVisit.technician_id, ServiceVisit.started_at)
    ).all()

    for before, after in zip(visits, visits[1:], strict=False):
        if before.technician_id == after.technician_id:
            assert after.started_at >= before.finished_at
