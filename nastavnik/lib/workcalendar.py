"""Russian working hours: deadlines and time left counted only on working days inside the working window.

Working days come from the `holidays` package: official holidays, transferred days off and the Saturdays
Russia makes working. A year the package has no transfer decree for is never guessed (CalendarUnknownError).
"""

import math
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays
from holidays.countries.russia import RussiaStaticHolidays

DEFAULT_DAY_START = time(10, 0)
DEFAULT_DAY_END = time(19, 0)
DEFAULT_TIME_ZONE = "Europe/Moscow"


class CalendarUnknownError(LookupError):
    """The working-day calendar has no official data for this year."""


class WorkingDays(Protocol):
    def is_working_day(self, day: date) -> bool: ...


class RussianCalendar:
    """Russian working days from the `holidays` package, limited to the years it has transfer data for."""

    def __init__(self) -> None:
        # The production calendar is decreed year by year; the package records each year's transfers
        # (or extra days off) in these tables, so the last year listed there is the last year it knows.
        decreed = set(RussiaStaticHolidays.special_public_holidays) | set(
            RussiaStaticHolidays.special_public_holidays_observed
        )
        self.first_year: int = holidays.RU.start_year
        self.last_year: int = max(decreed)

    def is_working_day(self, day: date) -> bool:
        """True for a Russian working day; CalendarUnknownError outside the known years."""
        if not self.first_year <= day.year <= self.last_year:
            raise CalendarUnknownError(
                f"No official Russian working-day calendar for {day.year} "
                f"(known: {self.first_year}–{self.last_year}); update the holidays package."
            )
        return bool(_russian_holidays(day.year).is_working_day(day))


@lru_cache(maxsize=64)
def _russian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.RU(years=year)


RUSSIAN_CALENDAR = RussianCalendar()


def _as_time(value: object) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, int):
        return time(value, 0)
    if isinstance(value, str):
        return time.fromisoformat(value)
    raise TypeError(f"A working-day bound must be a time, an hour or 'HH:MM', not {value!r}")


def _setting(name: str, default: object) -> object:
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        return default
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


def _configured() -> tuple[time, time, tzinfo]:
    day_start = _as_time(_setting("WORKING_DAY_START", DEFAULT_DAY_START))
    day_end = _as_time(_setting("WORKING_DAY_END", DEFAULT_DAY_END))
    zone = _setting("WORKING_TIME_ZONE", DEFAULT_TIME_ZONE)
    return day_start, day_end, zone if isinstance(zone, tzinfo) else ZoneInfo(str(zone))


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"A time zone aware datetime is required, got {moment!r}")


def _next_working_day(day: date, calendar: WorkingDays) -> date:
    day += timedelta(days=1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _window(day: date, day_start: time, day_end: time, tz: tzinfo) -> tuple[datetime, datetime]:
    return datetime.combine(day, day_start, tzinfo=tz), datetime.combine(day, day_end, tzinfo=tz)


def _clock_start(local: datetime, day_start: time, day_end: time, tz: tzinfo, calendar: WorkingDays) -> datetime:
    """The first working moment at or after `local` (already in `tz`)."""
    day = local.date()
    opens, closes = _window(day, day_start, day_end, tz)
    if calendar.is_working_day(day) and local < closes:
        return max(local, opens)
    return _window(_next_working_day(day, calendar), day_start, day_end, tz)[0]


def add_working_hours(
    start: datetime, hours: float, *, day_start: time, day_end: time, tz: tzinfo, calendar: WorkingDays
) -> datetime:
    """The moment `hours` working hours after `start`, in start's time zone.

    Hours run only on working days between day_start and day_end (wall clock in `tz`).
    """
    _require_aware(start)
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"Working hours must be a non-negative number, got {hours!r}")
    if day_start >= day_end:
        raise ValueError("The working day must end after it starts")
    remaining = timedelta(hours=hours)
    cursor = _clock_start(start.astimezone(tz), day_start, day_end, tz, calendar)
    while True:
        closes = _window(cursor.date(), day_start, day_end, tz)[1]
        if remaining <= closes - cursor:
            return (cursor + remaining).astimezone(start.tzinfo)
        remaining -= closes - cursor
        cursor = _window(_next_working_day(cursor.date(), calendar), day_start, day_end, tz)[0]


def count_working_hours(
    start: datetime, end: datetime, *, day_start: time, day_end: time, tz: tzinfo, calendar: WorkingDays
) -> float:
    """Working hours from start to end; negative when end is before start."""
    _require_aware(start)
    _require_aware(end)
    if end < start:
        return -count_working_hours(end, start, day_start=day_start, day_end=day_end, tz=tz, calendar=calendar)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    total = timedelta()
    day = local_start.date()
    while day <= local_end.date():
        if calendar.is_working_day(day):
            opens, closes = _window(day, day_start, day_end, tz)
            overlap = min(closes, local_end) - max(opens, local_start)
            total += max(overlap, timedelta())
        day += timedelta(days=1)
    return total / timedelta(hours=1)


def working_deadline(start: datetime, hours: float) -> datetime:
    """The deadline `hours` working hours after `start` (aware), returned in start's time zone."""
    day_start, day_end, tz = _configured()
    return add_working_hours(start, hours, day_start=day_start, day_end=day_end, tz=tz, calendar=RUSSIAN_CALENDAR)


def working_hours_between(start: datetime, end: datetime) -> float:
    """Working hours from start to end (time left to a deadline, or elapsed); negative once end has passed."""
    day_start, day_end, tz = _configured()
    return count_working_hours(start, end, day_start=day_start, day_end=day_end, tz=tz, calendar=RUSSIAN_CALENDAR)


def is_working_day(day: date) -> bool:
    """True for a Russian working day; an aware datetime is judged by its date in the working time zone."""
    if isinstance(day, datetime):
        _require_aware(day)
        day = day.astimezone(_configured()[2]).date()
    return RUSSIAN_CALENDAR.is_working_day(day)
