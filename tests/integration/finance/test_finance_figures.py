"""Figures and periods as the finance pages show them."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from dsd.errors import InvalidValue
from dsd.web.finance_figures import default_period, grouped, months_of, period_from

BRUSSELS = SimpleNamespace(timezone="Europe/Brussels")
HO_CHI_MINH = SimpleNamespace(timezone="Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("-1234567.50", "-1,234,567.50"),
        ("1268303", "1,268,303"),
        ("-0.25", "-0.25"),
        ("999.999", "999.999"),
        ("1000", "1,000"),
        (None, "n/a"),
    ],
)
def test_figures_get_thousands_separators_and_keep_their_decimals(text, shown):
    assert grouped(text) == shown


def test_default_period_is_the_year_ending_yesterday_locally():
    # 23:30 UTC on 3 December is already 4 December in Brussels (UTC+1).
    now = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)

    assert default_period(BRUSSELS, now) == (date(2025, 12, 4), date(2026, 12, 3))


def test_default_period_uses_the_distributors_own_date():
    # 18:00 UTC on 3 December is 01:00 on 4 December in Ho Chi Minh City (UTC+7).
    now = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)

    assert default_period(HO_CHI_MINH, now) == (date(2025, 12, 4), date(2026, 12, 3))


def test_default_period_after_a_leap_day_starts_on_the_first_of_march():
    now = datetime(2028, 3, 1, 12, 0, tzinfo=UTC)

    assert default_period(BRUSSELS, now) == (date(2027, 3, 1), date(2028, 2, 29))


def test_period_with_a_malformed_date_names_the_field():
    with pytest.raises(InvalidValue) as refused:
        period_from({"from": "2026-02-30", "to": "2026-03-01"}, BRUSSELS)

    assert list(refused.value.errors) == ["from"]


def test_months_of_a_period_are_clipped_to_it():
    assert months_of(date(2026, 1, 15), date(2026, 3, 10)) == [
        ("2026-01", date(2026, 1, 15), date(2026, 1, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-03", date(2026, 3, 1), date(2026, 3, 10)),
    ]
