from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import holidays
import pytest

from nastavnik.lib.workcalendar import (
    RUSSIAN_CALENDAR,
    CalendarUnknownError,
    add_working_hours,
    count_working_hours,
    is_working_day,
    working_deadline,
    working_hours_between,
)

MSK = ZoneInfo("Europe/Moscow")


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK)


class EveryWeekday:
    """Mondays to Fridays, nothing else: lets the window arithmetic be tested apart from Russian holidays."""

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


def test_plain_weekday_inside_the_window():
    # Wednesday 15 October 2025
    assert working_deadline(msk(2025, 10, 15, 11, 0), 2) == msk(2025, 10, 15, 13, 0)


def test_deadline_exactly_at_closing_time_stays_that_day():
    assert working_deadline(msk(2025, 10, 15, 17, 0), 2) == msk(2025, 10, 15, 19, 0)


def test_crossing_closing_time_continues_next_morning():
    assert working_deadline(msk(2025, 10, 15, 18, 0), 2) == msk(2025, 10, 16, 11, 0)


def test_start_before_opening_counts_from_ten():
    assert working_deadline(msk(2025, 10, 15, 7, 45), 2) == msk(2025, 10, 15, 12, 0)


def test_start_after_closing_counts_from_next_morning():
    assert working_deadline(msk(2025, 10, 15, 21, 30), 2) == msk(2025, 10, 16, 12, 0)
    assert working_deadline(msk(2025, 10, 15, 19, 0), 2) == msk(2025, 10, 16, 12, 0)


def test_friday_evening_runs_into_monday():
    assert working_deadline(msk(2025, 10, 17, 18, 30), 2) == msk(2025, 10, 20, 11, 30)


def test_weekend_start_counts_from_monday():
    assert working_deadline(msk(2025, 10, 18, 12, 0), 2) == msk(2025, 10, 20, 12, 0)


def test_fractional_hours():
    assert working_deadline(msk(2025, 10, 15, 18, 0), 1.5) == msk(2025, 10, 16, 10, 30)
    assert working_deadline(msk(2025, 10, 15, 10, 0), 0.25) == msk(2025, 10, 15, 10, 15)


def test_zero_hours_inside_the_window_is_the_start():
    start = msk(2025, 10, 15, 12, 34, 56)
    assert working_deadline(start, 0) == start


def test_zero_hours_outside_the_window_is_the_next_opening():
    assert working_deadline(msk(2025, 10, 17, 20, 0), 0) == msk(2025, 10, 20, 10, 0)


def test_hours_longer_than_a_day_span_several_days():
    # 9 hours a day: 20 hours from Monday 10:00 end Wednesday at 12:00.
    assert working_deadline(msk(2025, 10, 13, 10, 0), 20) == msk(2025, 10, 15, 12, 0)


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        # Russia Day, Thursday 12 June 2025, and the transferred day off on Friday 13 June.
        (msk(2025, 6, 11, 18, 0), msk(2025, 6, 16, 11, 0)),
        # Unity Day, Wednesday 4 November 2026.
        (msk(2026, 11, 3, 18, 0), msk(2026, 11, 5, 11, 0)),
        # Victory Day 9 May 2026 is a Saturday: Monday 11 May is off instead.
        (msk(2026, 5, 8, 18, 0), msk(2026, 5, 12, 11, 0)),
    ],
)
def test_official_holidays_are_skipped(start, deadline):
    assert working_deadline(start, 2) == deadline


def test_holidays_package_agrees_with_the_test_dates():
    russia = holidays.RU(years=[2025, 2026])
    for day in (date(2025, 6, 12), date(2025, 6, 13), date(2026, 11, 4), date(2026, 5, 11)):
        assert day in russia
    assert date(2025, 11, 1) in russia.weekend_workdays


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        # Friday 2 May 2025: the day off moved from Saturday 4 January.
        (msk(2025, 4, 30, 18, 0), msk(2025, 5, 5, 11, 0)),
        # Thursday 8 May 2025 (from 23 February) and Victory Day on Friday 9 May.
        (msk(2025, 5, 7, 18, 0), msk(2025, 5, 12, 11, 0)),
    ],
)
def test_transferred_days_off_are_skipped(start, deadline):
    assert working_deadline(start, 2) == deadline


def test_working_saturday_counts():
    # Saturday 1 November 2025 was worked in exchange for Monday 3 November.
    assert is_working_day(date(2025, 11, 1))
    assert not is_working_day(date(2025, 11, 3))
    assert working_deadline(msk(2025, 10, 31, 18, 0), 2) == msk(2025, 11, 1, 11, 0)
    assert working_deadline(msk(2025, 11, 1, 18, 0), 2) == msk(2025, 11, 5, 11, 0)


def test_across_new_year_holidays():
    # 31 December 2025 is a transferred day off; 1–8 January are holidays and 9 January 2026 is transferred.
    assert working_deadline(msk(2025, 12, 30, 18, 0), 2) == msk(2026, 1, 12, 11, 0)


def test_is_working_day():
    assert is_working_day(date(2025, 10, 15))
    assert not is_working_day(date(2025, 10, 18))
    assert not is_working_day(date(2025, 12, 31))
    assert not is_working_day(date(2026, 1, 9))
    assert is_working_day(date(2026, 1, 12))


def test_is_working_day_takes_the_moscow_date_of_an_aware_datetime():
    # 21:30 UTC on Friday is already Saturday in Moscow.
    assert not is_working_day(datetime(2025, 10, 17, 21, 30, tzinfo=UTC))
    with pytest.raises(ValueError):
        is_working_day(datetime(2025, 10, 17, 12, 0))


def test_utc_input_gives_the_moscow_instant_in_utc():
    start = datetime(2025, 10, 15, 15, 0, tzinfo=UTC)  # 18:00 in Moscow
    deadline = working_deadline(start, 2)
    assert deadline == datetime(2025, 10, 16, 8, 0, tzinfo=UTC)
    assert deadline.tzinfo is UTC


def test_early_utc_morning_is_already_working_time_in_moscow():
    assert working_deadline(datetime(2025, 10, 15, 7, 0, tzinfo=UTC), 1) == msk(2025, 10, 15, 11, 0)


def test_unknown_year_raises():
    with pytest.raises(CalendarUnknownError, match="2040"):
        working_deadline(msk(2040, 3, 14, 12, 0), 2)
    with pytest.raises(CalendarUnknownError):
        is_working_day(date(2040, 3, 14))


def test_deadline_running_past_the_last_known_year_raises():
    last = RUSSIAN_CALENDAR.last_year
    with pytest.raises(CalendarUnknownError):
        working_deadline(msk(last, 12, 30, 18, 0), 30)


def test_calendar_knows_the_current_and_next_year():
    assert RUSSIAN_CALENDAR.first_year <= 2025
    assert RUSSIAN_CALENDAR.last_year >= 2026


def test_naive_datetime_raises():
    with pytest.raises(ValueError, match="aware"):
        working_deadline(datetime(2025, 10, 15, 12, 0), 2)
    with pytest.raises(ValueError, match="aware"):
        working_hours_between(datetime(2025, 10, 15, 12, 0), msk(2025, 10, 15, 13, 0))


@pytest.mark.parametrize("hours", [-1, float("nan"), float("inf")])
def test_impossible_hours_raise(hours):
    with pytest.raises(ValueError):
        working_deadline(msk(2025, 10, 15, 12, 0), hours)


def test_hours_between_inside_one_day():
    assert working_hours_between(msk(2025, 10, 15, 11, 0), msk(2025, 10, 15, 12, 30)) == 1.5


def test_hours_between_ignore_nights_weekends_and_holidays():
    assert working_hours_between(msk(2025, 10, 17, 18, 30), msk(2025, 10, 20, 11, 30)) == 2
    assert working_hours_between(msk(2025, 12, 30, 18, 0), msk(2026, 1, 12, 11, 0)) == 2
    assert working_hours_between(msk(2025, 10, 18, 9, 0), msk(2025, 10, 19, 23, 0)) == 0


def test_hours_between_is_negative_once_the_deadline_passed():
    assert working_hours_between(msk(2025, 10, 16, 11, 0), msk(2025, 10, 15, 18, 0)) == -2


def test_hours_between_undoes_the_deadline():
    start = msk(2025, 4, 30, 16, 20)
    assert working_hours_between(start, working_deadline(start, 7.5)) == pytest.approx(7.5)


def test_explicit_window_time_zone_and_calendar():
    yekaterinburg = ZoneInfo("Asia/Yekaterinburg")
    start = datetime(2025, 10, 17, 17, 0, tzinfo=yekaterinburg)  # Friday
    deadline = add_working_hours(
        start, 3, day_start=time(9, 0), day_end=time(18, 0), tz=yekaterinburg, calendar=EveryWeekday()
    )
    assert deadline == datetime(2025, 10, 20, 11, 0, tzinfo=yekaterinburg)
    elapsed = count_working_hours(
        start, deadline, day_start=time(9, 0), day_end=time(18, 0), tz=yekaterinburg, calendar=EveryWeekday()
    )
    assert elapsed == 3


def test_explicit_calendar_does_not_need_the_holiday_data():
    deadline = add_working_hours(
        msk(2040, 3, 16, 18, 0), 2, day_start=time(10), day_end=time(19), tz=MSK, calendar=EveryWeekday()
    )
    assert deadline == msk(2040, 3, 19, 11, 0)


def test_window_must_end_after_it_starts():
    with pytest.raises(ValueError):
        add_working_hours(
            msk(2025, 10, 15, 12, 0), 1, day_start=time(19), day_end=time(10), tz=MSK, calendar=EveryWeekday()
        )


def test_window_and_time_zone_come_from_settings(settings):
    settings.WORKING_DAY_START = "09:00"
    settings.WORKING_DAY_END = time(18, 0)
    settings.WORKING_TIME_ZONE = "Asia/Novosibirsk"
    novosibirsk = ZoneInfo("Asia/Novosibirsk")
    start = datetime(2025, 10, 15, 17, 0, tzinfo=novosibirsk)
    assert working_deadline(start, 2) == datetime(2025, 10, 16, 10, 0, tzinfo=novosibirsk)


def test_across_the_new_year_into_2027():
    # 31 December 2026 is a transferred day off, 1–10 January 2027 are not worked.
    assert working_deadline(msk(2026, 12, 30, 18, 0), 2) == msk(2027, 1, 11, 11, 0)
    assert working_hours_between(msk(2026, 12, 30, 18, 0), msk(2027, 1, 11, 11, 0)) == 2


def test_start_on_a_holiday_counts_from_the_next_working_morning():
    assert working_deadline(msk(2026, 11, 4, 11, 0), 2) == msk(2026, 11, 5, 12, 0)


def test_start_on_a_transferred_day_off_counts_from_the_next_working_morning():
    assert not is_working_day(date(2026, 12, 31))
    assert working_deadline(msk(2026, 12, 31, 12, 0), 2) == msk(2027, 1, 11, 12, 0)


def test_start_at_the_window_edges():
    assert working_deadline(msk(2025, 10, 15, 10, 0), 2) == msk(2025, 10, 15, 12, 0)
    assert working_deadline(msk(2025, 10, 15, 18, 59), 2) == msk(2025, 10, 16, 11, 59)


def test_before_opening_on_a_saturday_before_a_holiday_monday():
    # Saturday 9 May 2026 (Victory Day) and Monday 11 May (its transfer): Tuesday is the first working day.
    assert working_deadline(msk(2026, 5, 9, 8, 0), 2) == msk(2026, 5, 12, 12, 0)
