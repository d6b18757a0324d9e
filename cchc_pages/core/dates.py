"""How the apps show dates and times to people: the Vietnamese way, whatever the locale says.

Government sites write dates day first (28/11/2026) and times on the 24-hour clock (07:33). The apps'
pages, e-mails and admin views show them so in Vietnamese and in English alike, under any LANGUAGE_CODE
and with or without FORMAT_MODULE_PATH: one page never mixes a locale's default (11/28/2026 7:33 a.m.
under "en-us") with a fixed one. Templates use the filters cchc_date, cchc_time, cchc_datetime and
cchc_month of cchc_tags; Python code the functions below. Formats for machines (ISO 8601 in
<time datetime>, feeds, JSON-LD, iCal, CSV exports) are not for people and keep their own.
"""

import datetime

from django.utils import dateformat, timezone

DATE = "d/m/Y"
TIME = "H:i"
DATETIME = f"{DATE} {TIME}"
MONTH = "m/Y"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value):
    """28/11/2026 (an aware datetime is first put in the current time zone)."""
    return dateformat.format(_local(value), DATE)


def format_datetime(value):
    """28/11/2026 07:33 in the current time zone."""
    return dateformat.format(_local(value), DATETIME)


def format_month(value):
    """11/2026."""
    return dateformat.format(_local(value), MONTH)
