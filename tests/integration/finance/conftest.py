"""A small distributor whose profitability is worked out by hand.

Brussels, EUR. Rate card from 2026-01-01: stop 2.00, picking 0.10 and handling
0.05 per case, technician 30.00 an hour, call-out 15.00, no cost of capital,
20.00 of estimated route cost per unrouted stop. No route is recorded, so each
delivery day of an outlet is one unrouted occasion costing 20.00 + 2.00 +
0.10 and 0.05 per case.

- A1 (kiosk, Brussels, S): 2026-03-02 and 2026-04-06, each 10 cases, revenue
  300.00, cost of goods 200.00. Each: margin 100.00, cost 20 + 2 + 1 + 0.50 =
  23.50, contribution 76.50. Period: 153.00.
- B2 (grocery, Brussels, M): 2026-03-10, 20 cases, 1500.00 and 1300.00:
  margin 200.00, cost 20 + 2 + 2 + 1 = 25.00, contribution 175.00.
- C3 (kiosk, no territory, S): 2026-03-20, 5 cases, 150.00 and 140.00: margin
  10.00, cost 22.75, contribution -12.75 in March; a repair on 2026-04-15 at
  10:00 local, 30 min and 7.50 parts: 15.00 + 15.00 + 7.50 = 37.50, so -37.50
  in April and -50.25 over the period.
- D4 (cafe, Brussels, L): nothing in the period.

Period 2026-03-01..2026-04-30: total contribution 153.00 + 175.00 - 50.25 =
277.75. Whale curve of the 3 active outlets: B2 175.00 (33.33 %), A1 cumulative
328.00 (66.67 %, the peak), C3 cumulative 277.75 (100 %); the first two reach
the total, so 66.67 % of the outlets earn all of the profit.
"""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from tests import ingest_support
from tests.conftest import PASSWORD

# Factory fixtures shared with the ingest tests, made visible in this folder.
brussels = ingest_support.brussels
make_outlet = ingest_support.make_outlet
make_territory = ingest_support.make_territory

PERIOD = {"from": "2026-03-01", "to": "2026-04-30"}
API = "/api/v1/distributors/BRU/costing"
PAGES = "/finance/BRU"


@pytest.fixture
def make_delivery(db_session):
    from dsd.models import Delivery

    def make(outlet, ref, day, cases, revenue, cogs):
        delivery = Delivery(
            distributor_id=outlet.distributor_id,
            outlet_id=outlet.id,
            delivered_on=day,
            status="delivered",
            cases=cases,
            net_revenue_minor=revenue,
            cost_of_goods_minor=cogs,
            external_ref=ref,
        )
        db_session.add(delivery)
        db_session.commit()
        return delivery

    return make


@pytest.fixture
def finance_world(brussels, make_outlet, make_delivery, db_session):
    """The hand-worked distributor of this folder."""
    from dsd.models import RateCard, ServiceVisit

    db_session.add(
        RateCard(
            distributor_id=brussels.id,
            effective_from=date(2026, 1, 1),
            cost_per_stop_minor=200,
            picking_per_case=Decimal("0.10"),
            handling_per_case=Decimal("0.05"),
            technician_rate_per_hour=Decimal("30"),
            visit_callout_minor=1500,
            annual_cost_of_capital=Decimal("0"),
            standard_stop_minutes=Decimal("10"),
            minutes_per_case=Decimal("1"),
            standard_route_cost_per_stop_minor=2000,
        )
    )
    territory_id = brussels_territory_id(db_session, brussels)
    outlets = {
        "A1": make_outlet(
            brussels, "A1", name="Kiosk Alpha", territory_id=territory_id
        ),
        "B2": make_outlet(
            brussels,
            "B2",
            name="Grocery Bravo",
            channel="grocery",
            size_band="M",
            territory_id=territory_id,
        ),
        "C3": make_outlet(brussels, "C3", name="Kiosk Charlie"),
        "D4": make_outlet(
            brussels,
            "D4",
            name="Cafe Delta",
            channel="cafe",
            size_band="L",
            territory_id=territory_id,
        ),
    }
    make_delivery(outlets["A1"], "D-A1-1", date(2026, 3, 2), 10, 30000, 20000)
    make_delivery(outlets["A1"], "D-A1-2", date(2026, 4, 6), 10, 30000, 20000)
    make_delivery(outlets["B2"], "D-B2-1", date(2026, 3, 10), 20, 150000, 130000)
    make_delivery(outlets["C3"], "D-C3-1", date(2026, 3, 20), 5, 15000, 14000)
    summer = timezone(timedelta(hours=2))
    db_session.add(
        ServiceVisit(
            distributor_id=brussels.id,
            outlet_id=outlets["C3"].id,
            kind="repair",
            started_at=datetime(2026, 4, 15, 10, 0, tzinfo=summer),
            finished_at=datetime(2026, 4, 15, 10, 30, tzinfo=summer),
            labour_minutes=30,
            parts_cost_minor=750,
            outcome="fixed",
            external_ref="V-C3-1",
        )
    )
    db_session.commit()
    return {"distributor": brussels, "outlets": outlets}


def brussels_territory_id(db_session, distributor) -> int:
    from sqlalchemy import select

    from dsd.models import Territory

    return db_session.scalar(
        select(Territory.id).filter_by(distributor_id=distributor.id)
    )


@pytest.fixture
def sign_in(client, make_user):
    """Sign a new user of a role in through the login form; returns the user."""

    def sign(role, distributor=None):
        user = make_user(role, distributor)
        client.get("/login")
        with client.session_transaction() as session:
            token = session["csrf_token"]
        response = client.post(
            "/login",
            data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
        return user

    return sign


@pytest.fixture
def finance_client(client, finance_world, sign_in):
    """The test client signed in as finance of the hand-worked distributor."""
    sign_in("finance", finance_world["distributor"])
    return client


def bearer(user) -> dict:
    from dsd.auth.tokens import issue_token

    return {"Authorization": f"Bearer {issue_token(user)}"}


class _Tables(HTMLParser):
    """The text of each cell of each table with an id, row by row."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id")
            self.tables.setdefault(self._table, [])
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(html: str, table_id: str) -> list[list[str]]:
    """The rows of the page's table with this id, each a list of cell texts."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables[table_id]


def figure(cell: str) -> str:
    """A shown figure back as the API writes it: no separators, no loss marker."""
    return cell.replace("▼", "").replace("loss", "").replace(",", "").strip()
