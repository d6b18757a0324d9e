"""Working days on the Vietnamese calendar: Monday to Friday, minus the public holidays that
administrators keep in the admin (Holiday). Legal deadlines count whole working days after the
day of the event, as the decrees count them."""

import datetime

from .models import Holiday


def holidays_between(start, end):
    return set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_working_day(day, holidays):
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, days):
    """The date `days` working days after `start` (a date)."""
    # Tết and weekends never take more than ~3x the span; fetch the holidays once.
    holidays = holidays_between(start, start + datetime.timedelta(days=days * 3 + 30))
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day
