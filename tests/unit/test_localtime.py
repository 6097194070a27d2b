"""Local times on the days the clocks change (case C21)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from dsd.localtime import local_day, local_instant, local_span, to_local

BRUSSELS = "Europe/Brussels"
SPRING = date(2025, 3, 30)
AUTUMN = date(2025, 10, 26)


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_shift_on_spring_day_lasts_seven_hours():
    start, end = local_span(SPRING, time(1), time(9), BRUSSELS)

    assert (start, end) == (utc(2025, 3, 30, 0), utc(2025, 3, 30, 7))
    assert end - start == timedelta(hours=7)


def test_shift_on_autumn_day_lasts_nine_hours():
    start, end = local_span(AUTUMN, time(1), time(9), BRUSSELS)

    assert (start, end) == (utc(2025, 10, 25, 23), utc(2025, 10, 26, 8))
    assert end - start == timedelta(hours=9)


@pytest.mark.parametrize(
    ("day", "opens", "closes"),
    [
        (SPRING, utc(2025, 3, 30, 4), utc(2025, 3, 30, 6)),
        (AUTUMN, utc(2025, 10, 26, 5), utc(2025, 10, 26, 7)),
    ],
)
def test_window_after_the_change_uses_the_new_offset(day, opens, closes):
    assert local_span(day, time(6), time(8), BRUSSELS) == (opens, closes)


def test_missing_time_moves_to_the_end_of_the_gap():
    assert local_instant(SPRING, time(2, 30), BRUSSELS) == utc(2025, 3, 30, 1)


def test_repeated_time_means_its_first_occurrence():
    assert local_instant(AUTUMN, time(2, 30), BRUSSELS) == utc(2025, 10, 26, 0, 30)


def test_local_days_are_23_and_25_hours_long():
    spring_start, spring_end = local_day(SPRING, BRUSSELS)
    autumn_start, autumn_end = local_day(AUTUMN, BRUSSELS)

    assert spring_end - spring_start == timedelta(hours=23)
    assert autumn_end - autumn_start == timedelta(hours=25)


def test_instant_is_shown_on_the_local_clock():
    shown = to_local(utc(2025, 3, 30, 4), BRUSSELS)

    assert (shown.hour, shown.minute) == (6, 0)
