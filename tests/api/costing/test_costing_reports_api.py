"""Cost-to-serve reports through the API, the CSV export and the CLI.

Figures are worked out by hand in this folder's conftest.
"""

import csv
import io

import pytest

URL = "/api/v1/distributors/BRU/costing"
PERIOD = {"from": "2026-03-02", "to": "2026-03-02"}


@pytest.fixture
def finance(costed_world, auth_headers):
    return auth_headers("finance", costed_world["distributor"])


def _outlets(client, headers, **query):
    response = client.get(
        f"{URL}/outlets", query_string={**PERIOD, **query}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    return {row["outlet"]: row for row in response.get_json()}


def test_route_cost_is_split_by_dwell_and_depot_distance(client, finance):
    rows = _outlets(client, finance)

    assert (rows["O1"]["route_stop_time"], rows["O1"]["route_travel"]) == (
        "13.00",
        "34.25",
    )
    assert (rows["O2"]["route_stop_time"], rows["O2"]["route_travel"]) == (
        "26.00",
        "102.75",
    )


def test_outlet_pnl_lines_match_the_hand_worked_figures(client, finance):
    o1 = _outlets(client, finance)["O1"]

    assert o1["delivery_cost"] == "50.75"
    assert o1["gross_margin"] == "100.00"
    assert o1["net_contribution"] == "49.25"
    assert o1["cost_to_serve_per_case"] == "5.08"
    assert o1["cost_to_serve_percent"] == "16.92"
    assert o1["estimated"] == "false"


def test_delivery_without_route_is_costed_by_the_fallback_and_marked_estimated(
    client, finance
):
    o3 = _outlets(client, finance)["O3"]

    assert o3["route_estimated"] == "20.00"
    assert o3["route_travel"] == "0.00"
    assert o3["estimated"] == "true"
    assert (o3["technician_labour"], o3["callout"], o3["parts"]) == (
        "15.00",
        "15.00",
        "7.50",
    )
    assert o3["net_contribution"] == "-0.25"


def test_outlet_table_filters_sorts_and_pages(client, finance):
    kiosks = client.get(
        f"{URL}/outlets",
        query_string={**PERIOD, "channel": "kiosk", "sort": "-net_contribution"},
        headers=finance,
    )
    page = client.get(
        f"{URL}/outlets",
        query_string={**PERIOD, "search": "o2", "page_size": 1},
        headers=finance,
    )

    assert [row["outlet"] for row in kiosks.get_json()] == ["O1", "O3"]
    assert [row["outlet"] for row in page.get_json()] == ["O2"]
    assert '"total": 1' in page.headers["X-Pagination"]


def test_channel_rollup_sums_the_outlets(client, finance):
    response = client.get(
        f"{URL}/segments", query_string={**PERIOD, "by": "channel"}, headers=finance
    )
    rows = {row["value"]: row for row in response.get_json()}

    # Kiosks: O1 49.25 + O3 -0.25; one loss-maker.
    assert rows["kiosk"]["net_contribution"] == "49.00"
    assert rows["kiosk"]["loss_making"] == "1"
    assert rows["TOTAL"]["net_contribution"] == "115.25"


def test_whale_curve_ranks_by_contribution(client, finance):
    response = client.get(f"{URL}/whale", query_string=PERIOD, headers=finance)
    body = response.get_json()

    assert [p["outlet"] for p in body["points"]] == ["O2", "O1", "O3"]
    assert body["points"][-1]["cumulative"] == "115.25"
    assert body["summary"]["peak"] == "115.50"
    assert body["summary"]["total_loss"] == "0.25"
    # Subsidy index: 100 x 0.25 / 115.50 = 0.216..
    assert body["summary"]["subsidy_index"] == "0.22"


def _csv_rows(text: str) -> list[dict]:
    return [
        {k: (v if v != "" else None) for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text))
    ]


@pytest.mark.parametrize(
    ("path", "by", "query"),
    [
        ("outlets", "outlet", {}),
        ("segments", "channel", {"by": "channel"}),
        ("segments", "size_band", {"by": "size_band"}),
        ("churn", "churn", {}),
    ],
)
def test_api_csv_and_cli_show_the_same_figures(
    client, runner, finance, path, by, query
):
    json_rows = client.get(
        f"{URL}/{path}", query_string={**PERIOD, **query}, headers=finance
    ).get_json()
    export = client.get(
        f"{URL}/{path}.csv", query_string={**PERIOD, **query}, headers=finance
    )
    cli = runner.invoke(
        args=["costing", "report", "--distributor", "BRU", "--from", "2026-03-02"]
        + ["--to", "2026-03-02", "--by", by]
    )

    assert export.mimetype == "text/csv"
    assert _csv_rows(export.get_data(as_text=True)) == json_rows
    assert cli.exit_code == 0, cli.output
    assert cli.output == export.get_data(as_text=True)


def test_whale_csv_matches_the_json_points(client, runner, finance):
    points = client.get(f"{URL}/whale", query_string=PERIOD, headers=finance)
    export = client.get(f"{URL}/whale.csv", query_string=PERIOD, headers=finance)
    cli = runner.invoke(
        args=["costing", "report", "--distributor", "BRU", "--from", "2026-03-02"]
        + ["--to", "2026-03-02", "--by", "whale"]
    )

    assert _csv_rows(export.get_data(as_text=True)) == points.get_json()["points"]
    assert cli.output == export.get_data(as_text=True)


def test_period_starting_after_its_end_is_refused_naming_from(client, finance):
    response = client.get(
        f"{URL}/outlets",
        query_string={"from": "2026-03-05", "to": "2026-03-02"},
        headers=finance,
    )

    assert response.status_code == 422
    assert "from" in response.get_json()["errors"]


def test_date_without_rate_card_is_refused_naming_the_rate_and_date(client, finance):
    response = client.get(
        f"{URL}/outlets",
        query_string={"from": "2025-12-30", "to": "2025-12-31"},
        headers=finance,
    )
    body = response.get_json()

    assert response.status_code == 422
    assert "rate card" in body["message"]
    assert "2025-12-31" in body["message"]


def test_unknown_distributor_is_not_found(client, finance):
    response = client.get(
        "/api/v1/distributors/NOPE/costing/outlets",
        query_string=PERIOD,
        headers=finance,
    )

    assert response.status_code == 404


def test_cli_refuses_an_unknown_distributor(runner, costed_world):
    result = runner.invoke(
        args=["costing", "report", "--distributor", "NOPE"]
        + ["--from", "2026-03-02", "--to", "2026-03-02"]
    )

    assert result.exit_code != 0
    assert "NOPE" in result.output
