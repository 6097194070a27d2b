"""The finance pages show the hand-worked figures of this folder's conftest."""

import csv
import io

from tests.integration.finance.conftest import API, PAGES, PERIOD, figure, table

# Columns of the outlet table, in the order the page shows them.
OUTLET_HEADS = (
    "outlet",
    "name",
    "channel",
    "territory",
    "size_band",
    "cases",
    "net_revenue",
    "gross_margin",
    "trade_spend",
    "cost_to_serve",
    "cost_to_serve_percent",
    "net_contribution",
    "net_contribution_percent",
)


def _outlet_rows(client, **query) -> dict[str, dict[str, str]]:
    response = client.get(f"{PAGES}/outlets", query_string={**PERIOD, **query})
    assert response.status_code == 200
    rows = table(response.get_data(as_text=True), "outlet-table")[1:]
    return {
        row[0]: dict(zip(OUTLET_HEADS, row, strict=False)) for row in rows if row[0]
    }


def test_outlet_table_shows_each_outlets_contribution(finance_client):
    rows = _outlet_rows(finance_client)

    assert {code: figure(row["net_contribution"]) for code, row in rows.items()} == {
        "A1": "153.00",
        "B2": "175.00",
        "C3": "-50.25",
        "D4": "0.00",
    }


def test_amounts_carry_thousands_separators(finance_client):
    rows = _outlet_rows(finance_client)

    assert rows["B2"]["net_revenue"] == "1,500.00"
    assert rows["B2"]["cases"] == "20"


def test_loss_making_outlet_is_marked_in_text(finance_client):
    rows = _outlet_rows(finance_client)

    assert rows["C3"]["net_contribution"] == "▼ -50.25 loss"
    assert "loss" not in rows["A1"]["net_contribution"]


def test_page_figures_equal_the_api_and_its_csv(finance_client):
    shown = _outlet_rows(finance_client)
    api = finance_client.get(f"{API}/outlets", query_string=PERIOD).get_json()
    exported = finance_client.get(f"{API}/outlets.csv", query_string=PERIOD)
    exported_rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))

    for source in (api, exported_rows):
        for row in source:
            page_row = shown[row["outlet"]]
            for name in OUTLET_HEADS[5:]:
                assert figure(page_row[name]) == (row[name] or "n/a"), name


def test_table_filters_by_channel_territory_size_band_and_search(finance_client):
    assert set(_outlet_rows(finance_client, channel="kiosk")) == {"A1", "C3"}
    assert set(_outlet_rows(finance_client, territory="(none)")) == {"C3"}
    assert set(_outlet_rows(finance_client, size_band="M")) == {"B2"}
    assert set(_outlet_rows(finance_client, search="delta")) == {"D4"}


def test_table_sorts_by_net_contribution_descending(finance_client):
    rows = _outlet_rows(finance_client, sort="-net_contribution")

    assert list(rows) == ["B2", "A1", "D4", "C3"]


def test_table_pages_through_the_outlets(finance_client, finance_world, make_outlet):
    for number in range(5, 27):
        make_outlet(finance_world["distributor"], f"E{number:02d}")

    second = finance_client.get(
        f"{PAGES}/outlets", query_string={**PERIOD, "page": 2, "page_size": 25}
    )

    rows = table(second.get_data(as_text=True), "outlet-table")[1:]
    assert [row[0] for row in rows] == ["E26"]
    assert "26–26 of 26" in second.get_data(as_text=True)


def test_period_ending_before_it_starts_is_refused_naming_the_field(finance_client):
    response = finance_client.get(
        f"{PAGES}/outlets", query_string={"from": "2026-04-30", "to": "2026-03-01"}
    )

    assert response.status_code == 422
    assert "ends before it starts" in response.get_data(as_text=True)


def test_outlet_detail_shows_pools_history_and_events(finance_client):
    response = finance_client.get(f"{PAGES}/outlets/C3", query_string=PERIOD)
    html = response.get_data(as_text=True)

    pools = {row[0]: figure(row[1]) for row in table(html, "pools")}
    history = {row[0]: figure(row[-1]) for row in table(html, "history")[1:]}
    deliveries = table(html, "deliveries")[1:]
    visits = table(html, "visits")[1:]
    assert response.status_code == 200
    assert pools["Estimated route cost (unrouted)"] == "20.00"
    assert (pools["Technician labour"], pools["Call-out"], pools["Parts"]) == (
        "15.00",
        "15.00",
        "7.50",
    )
    assert pools["Cost-to-serve"] == "60.25"
    assert history == {"2026-03": "-12.75", "2026-04": "-37.50"}
    assert [row[1] for row in deliveries] == ["D-C3-1"]
    assert visits[0][:2] == ["2026-04-15 10:00", "V-C3-1"]


def test_outlet_history_marks_a_partial_month(finance_client):
    response = finance_client.get(
        f"{PAGES}/outlets/A1", query_string={"from": "2026-03-02", "to": "2026-04-30"}
    )

    history = table(response.get_data(as_text=True), "history")[1:]
    assert [(row[0], figure(row[-1])) for row in history] == [
        ("2026-03 (2–31)", "76.50"),
        ("2026-04", "76.50"),
    ]


def test_unknown_outlet_is_not_found(finance_client):
    response = finance_client.get(f"{PAGES}/outlets/NOPE", query_string=PERIOD)

    assert response.status_code == 404


def test_roll_up_by_channel_adds_the_outlets(finance_client):
    response = finance_client.get(
        f"{PAGES}/segments", query_string={**PERIOD, "by": "channel"}
    )

    rows = table(response.get_data(as_text=True), "segment-table")[1:]
    by_value = {row[0]: row for row in rows}
    assert figure(by_value["kiosk"][-2]) == "102.75"
    assert (by_value["kiosk"][1], by_value["kiosk"][3]) == ("2", "1")
    assert figure(by_value["grocery"][-2]) == "175.00"
    assert figure(by_value["TOTAL"][-2]) == "277.75"


def test_roll_up_by_territory_names_outlets_without_one(finance_client):
    response = finance_client.get(
        f"{PAGES}/segments", query_string={**PERIOD, "by": "territory"}
    )

    rows = table(response.get_data(as_text=True), "segment-table")[1:]
    assert {row[0]: figure(row[-2]) for row in rows} == {
        "Brussels": "328.00",
        "(none)": "-50.25",
        "TOTAL": "277.75",
    }


def test_whale_curve_marks_the_share_that_earns_all_profit(finance_client):
    response = finance_client.get(f"{PAGES}/whale", query_string=PERIOD)
    html = response.get_data(as_text=True)

    summary = {row[0]: row[1] for row in table(html, "whale-summary")}
    points = table(html, "whale-points")[1:]
    assert summary["Share of outlets that earns all of the profit"] == "66.67%"
    assert summary["Peak (profit of the profitable outlets)"].startswith("328.00")
    assert [(row[1], figure(row[4]), row[6]) for row in points] == [
        ("B2", "175.00", ""),
        ("A1", "328.00", "peak; earns all of the profit"),
        ("C3", "277.75", ""),
    ]
    assert "66.67% of outlets" in html
    assert "earn all of the profit" in html


def test_churn_list_shows_the_signals_behind_each_score(finance_client):
    response = finance_client.get(f"{PAGES}/churn", query_string=PERIOD)
    api = finance_client.get(f"{API}/churn", query_string=PERIOD).get_json()

    rows = table(response.get_data(as_text=True), "churn-table")[1:]
    assert [row[0] for row in rows] == [row["outlet"] for row in api]
    for shown, row in zip(rows, api, strict=True):
        assert shown[3] == (row["churn_score"] or "–")
        if row["churn_recency"] is not None:
            expected = f"{row['churn_recency']} ({row['churn_recency_points']})"
            assert shown[6] == expected


def test_dong_amounts_have_no_decimals(
    client, make_distributor, make_outlet, make_delivery, sign_in, db_session
):
    from datetime import date
    from decimal import Decimal

    from dsd.models import RateCard

    saigon = make_distributor("SGN", timezone="Asia/Ho_Chi_Minh", currency="VND")
    db_session.add(
        RateCard(
            distributor_id=saigon.id,
            effective_from=date(2026, 1, 1),
            cost_per_stop_minor=2000,
            picking_per_case=Decimal("100"),
            handling_per_case=Decimal("50"),
            technician_rate_per_hour=Decimal("60000"),
            visit_callout_minor=30000,
            annual_cost_of_capital=Decimal("0"),
            standard_stop_minutes=Decimal("10"),
            minutes_per_case=Decimal("1"),
            standard_route_cost_per_stop_minor=20000,
        )
    )
    outlet = make_outlet(saigon, "S1", lon=106.7, lat=10.8)
    # Margin 268,303; cost 20,000 + 2,000 + 10 x 100 + 10 x 50 = 23,500.
    make_delivery(outlet, "D-S1", date(2026, 3, 2), 10, 1268303, 1000000)
    sign_in("finance", saigon)

    response = client.get("/finance/SGN/outlets", query_string=PERIOD)

    row = table(response.get_data(as_text=True), "outlet-table")[1]
    assert (row[6], row[9], row[11]) == ("1,268,303", "23,500", "244,803")


def test_administrator_of_every_distributor_chooses_one(client, finance_world, sign_in):
    sign_in("admin")

    response = client.get("/finance/")

    assert response.status_code == 200
    assert 'href="/finance/BRU/outlets"' in response.get_data(as_text=True)


def test_each_month_of_the_history_equals_the_api_for_that_month(finance_client):
    response = finance_client.get(f"{PAGES}/outlets/C3", query_string=PERIOD)
    history = {row[0]: row for row in table(response.get_data(as_text=True), "history")}

    for month, first, last in [
        ("2026-03", "2026-03-01", "2026-03-31"),
        ("2026-04", "2026-04-01", "2026-04-30"),
    ]:
        api = finance_client.get(
            f"{API}/outlets", query_string={"from": first, "to": last, "search": "C3"}
        ).get_json()[0]
        shown = [figure(cell) for cell in history[month][1:]]
        assert shown == [
            api[name]
            for name in (
                "cases",
                "net_revenue",
                "gross_margin",
                "trade_spend",
                "delivery_cost",
                "service_cost",
                "financing_cost",
                "cost_to_serve",
                "net_contribution",
            )
        ]


def test_filtered_and_sorted_table_lists_the_outlets_the_api_lists(finance_client):
    for query in (
        {"channel": "kiosk", "sort": "-cost_to_serve"},
        {"territory": "Brussels", "sort": "name"},
        {"size_band": "S", "search": "KIOSK", "sort": "-net_contribution_percent"},
        {"search": "a", "sort": "cases"},
    ):
        page = finance_client.get(f"{PAGES}/outlets", query_string={**PERIOD, **query})
        api = finance_client.get(f"{API}/outlets", query_string={**PERIOD, **query})

        shown = table(page.get_data(as_text=True), "outlet-table")[1:]
        assert [row[0] for row in shown] == [row["outlet"] for row in api.get_json()]
