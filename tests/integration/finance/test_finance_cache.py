"""The finance pages cost a period once, and again only when its data changes."""

from datetime import date

import pytest

from tests.integration.finance.conftest import PAGES, PERIOD, figure, table


@pytest.fixture
def costing_runs(monkeypatch):
    """Count the costing runs behind the pages."""
    from dsd.costing_service.run import cost_period
    from dsd.web import finance_cache

    runs = []

    def counted(distributor, start, end):
        runs.append((start, end))
        return cost_period(distributor, start, end)

    monkeypatch.setattr(finance_cache, "cost_period", counted)
    return runs


def _contribution(client, code: str) -> str:
    response = client.get(f"{PAGES}/outlets", query_string={**PERIOD, "search": code})
    return figure(table(response.get_data(as_text=True), "outlet-table")[1][11])


def test_paging_sorting_and_filtering_reuse_one_costing(finance_client, costing_runs):
    for query in ({}, {"sort": "-net_contribution"}, {"channel": "kiosk"}):
        finance_client.get(f"{PAGES}/outlets", query_string={**PERIOD, **query})
    finance_client.get(f"{PAGES}/whale", query_string=PERIOD)
    finance_client.get(f"{PAGES}/segments", query_string=PERIOD)

    assert costing_runs == [(date(2026, 3, 1), date(2026, 4, 30))]


def test_new_delivery_is_costed_on_the_next_page(
    finance_client, finance_world, make_delivery, costing_runs
):
    before = _contribution(finance_client, "B2")
    # 10 more cases, 400.00 revenue and 300.00 cost of goods on another day:
    # margin 100.00, cost 20 + 2 + 1 + 0.50 = 23.50, so 76.50 more.
    make_delivery(
        finance_world["outlets"]["B2"], "D-B2-2", date(2026, 4, 2), 10, 40000, 30000
    )

    assert (before, _contribution(finance_client, "B2")) == ("175.00", "251.50")
    assert len(costing_runs) == 2


def test_changed_costing_settings_are_costed_again(
    finance_client, finance_world, db_session, costing_runs
):
    _contribution(finance_client, "A1")
    finance_world["distributor"].costing_params = {"churn_recent_days": 30}
    db_session.commit()
    _contribution(finance_client, "A1")

    assert len(costing_runs) == 2


def test_outlet_edit_shows_once_the_kept_result_is_old(
    finance_client, finance_world, db_session, costing_runs, monkeypatch
):
    from dsd.web import finance_cache

    finance_client.get(f"{PAGES}/outlets", query_string=PERIOD)
    finance_world["outlets"]["D4"].channel = "bar"
    db_session.commit()
    kept = finance_client.get(
        f"{PAGES}/outlets", query_string={**PERIOD, "channel": "bar"}
    )
    monkeypatch.setattr(finance_cache, "KEPT_SECONDS", -1)
    fresh = finance_client.get(
        f"{PAGES}/outlets", query_string={**PERIOD, "channel": "bar"}
    )

    assert (
        table(kept.get_data(as_text=True), "outlet-table")[1][0] == "No outlet matches."
    )
    assert table(fresh.get_data(as_text=True), "outlet-table")[1][0] == "D4"
    assert len(costing_runs) == 2


def test_requests_arriving_together_share_one_costing(app, finance_world, monkeypatch):
    import threading
    import time

    from dsd.costing_service.run import cost_period
    from dsd.models import Distributor
    from dsd.web import finance_cache

    runs = []

    def slow(distributor, start, end):
        runs.append(start)
        time.sleep(0.3)
        return cost_period(distributor, start, end)

    monkeypatch.setattr(finance_cache, "cost_period", slow)
    # Read in this thread: the fixture's objects belong to this thread's session.
    distributor_id = finance_world["distributor"].id
    ready = threading.Barrier(2, timeout=30)
    totals, failures = [], []

    def ask():
        with app.app_context():
            from dsd.extensions import db

            try:
                distributor = db.session.get(Distributor, distributor_id)
                ready.wait()
                costed = finance_cache.costed_period(
                    distributor, date(2026, 3, 1), date(2026, 4, 30)
                )
                totals.append(costed.result.total.net_contribution)
            except Exception as error:  # noqa: BLE001  (reported below)
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert totals == [27775, 27775]
    assert len(runs) == 1
