"""ISO weeks as the schedules' URLs name them (?tuan=2026-W49) and the days they hold."""

import datetime
import re

from django.utils.translation import gettext

from ..core.errors import ClientError

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
# Years a schedule can be browsed in: far enough either way, and previous/next week links never
# step outside what datetime can represent.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def week_code(monday):
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value):
    """The Monday of ISO week `value` ("2026-W49"); ClientError(400) with a message readers understand."""
    match = WEEK_PATTERN.match(value.strip())
    year, week = (int(match[1]), int(match[2])) if match else (0, 0)
    if match and FIRST_YEAR <= year <= LAST_YEAR:
        try:
            return datetime.date.fromisocalendar(year, week, 1)
        except ValueError:  # week 0, or 53 in a year that has 52
            pass
    message = gettext("“%(value)s” is not a week. Write a week as year-Wweek, e.g. 2026-W49.") % {"value": value[:20]}
    raise ClientError(400, message)


def parse_day(value):
    """The date `value` (yyyy-mm-dd) of a day view; ClientError(400) otherwise."""
    try:
        day = datetime.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        message = gettext("“%(value)s” is not a date. Write a date as yyyy-mm-dd, e.g. 2026-12-01.") % {
            "value": value[:20]
        }
        raise ClientError(400, message)
    return day
