"""Working days on the Vietnamese calendar: Monday to Friday, minus the public holidays that
administrators keep in the admin (the feedback app's Holiday list, when that app is installed).

Legal deadlines count whole working days after the day of the event, as the decrees count them:
the feedback workflow's answer deadlines (Luật Tiếp công dân, ND 154/2026) and the outage notice's
"at least 7 working days ahead" (ND 224/2026 Điều 13) share this one calendar. It lives here, not in
the feedback app, so that cchc_pages can count with it without importing feedback; the holidays are
looked up through the app registry, so a site without the feedback app counts weekends only.
"""

import datetime

from django.apps import apps

HOLIDAY_MODEL = ("cchc_feedback", "Holiday")


def holidays_between(start, end):
    """The public holidays from `start` to `end` (dates, both included)."""
    try:
        holiday = apps.get_model(*HOLIDAY_MODEL)
    except LookupError:  # the feedback app is not installed: no holiday list to read
        return set()
    return set(holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


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
