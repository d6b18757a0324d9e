"""One date format on every page: day first and the 24-hour clock under any locale and without the
apps' FORMAT_MODULE_PATH (cchc_pages/dates.py), while machine formats stay ISO 8601."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test.utils import override_settings
from django.utils import timezone

from cchc_pages.core import dates

# Django's default language and formats: its "en" SHORT_DATETIME_FORMAT is "m/d/Y P", its "vi" one "H:i d-m-Y".
DJANGO_DEFAULTS = override_settings(LANGUAGE_CODE="en-us", FORMAT_MODULE_PATH=None)
DATE = re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b")


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def shown_dates(html):
    """Every d/m/y-looking date on the page, outside attributes (which carry the ISO ones)."""
    text = re.sub(r"<[^>]*>", " ", html)
    return set(DATE.findall(text))


@pytest.mark.parametrize("accept_language", ["", "en-US,en;q=0.9", "vi"])
def test_article_page_shows_one_date_format(client, news_index, make_article, accept_language):
    make_article(title="Tin cũ hơn", date=local(2026, 11, 13, 19, 5))
    article = make_article(title="Tin đang đọc", date=local(2026, 11, 28, 7, 33), sapo="Tóm tắt")
    make_article(title="Tin mới hơn", date=local(2026, 11, 30, 9, 0))
    with DJANGO_DEFAULTS:
        html = client.get(article.url, HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
        printed = client.get(article.url + "ban-in/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
        listing = client.get(news_index.url, HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
        day = client.get(news_index.url + "2026/11/28/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    assert "28/11/2026 07:33" in html
    assert shown_dates(html) == {"28/11/2026", "13/11/2026", "30/11/2026"}
    assert "a.m." not in html and "p.m." not in html
    # The machine format stays ISO 8601.
    assert 'datetime="2026-11-28T07:33:00+07:00"' in html
    assert "28/11/2026 07:33" in printed and shown_dates(printed) == {"28/11/2026"}
    assert "13/11/2026 19:05" in listing and "a.m." not in listing and "p.m." not in listing
    assert shown_dates(listing) <= {"28/11/2026", "13/11/2026", "30/11/2026"}
    assert "28/11/2026" in day  # the day's heading, written in Python


@DJANGO_DEFAULTS
def test_filters_and_functions_agree():
    moment = local(2026, 11, 28, 19, 5)
    out = Template(
        "{% load cchc_tags %}{{ m|cchc_date }}|{{ m|cchc_time }}|{{ m|cchc_datetime }}|{{ m|cchc_month }}"
        "|{{ d|cchc_date }}|{{ none|cchc_date }}"
    ).render(Context({"m": moment, "d": moment.date(), "none": None}))
    assert out == "28/11/2026|19:05|28/11/2026 19:05|11/2026|28/11/2026|"
    assert dates.format_date(moment) == "28/11/2026"
    assert dates.format_datetime(moment) == "28/11/2026 19:05"
    assert dates.format_month(moment.date()) == "11/2026"
    # An aware datetime is shown in the site's time zone (Asia/Ho_Chi_Minh), not in UTC.
    late = local(2026, 11, 28, 23, 30).astimezone(datetime.UTC)
    assert dates.format_datetime(late) == "28/11/2026 23:30"
    assert Template("{% load cchc_tags %}{{ m|cchc_datetime }}").render(Context({"m": late})) == "28/11/2026 23:30"
