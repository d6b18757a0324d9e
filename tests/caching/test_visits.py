""" "Đang truy cập / Hôm nay / Tổng": what the beacon counts, what it costs, what the widget shows."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from cchc_pages.caching import counters, visits
from cchc_pages.caching.counters import CounterBuffer
from cchc_pages.models import Counter

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def fresh_buffer(monkeypatch, settings):
    settings.CCHC_COUNTER_BACKEND = "memory"
    buffer = CounterBuffer()
    buffer._ensure_flusher = lambda: None
    monkeypatch.setattr(counters, "buffer", buffer)
    return buffer


def beacon(client, token, agent=BROWSER, **data):
    return client.post("/cchc/luot-xem/", {"token": token, **data}, HTTP_USER_AGENT=agent)


def test_a_visit_counts_today_and_in_total_and_a_tab_as_reading_now(client, news_index):
    site = Site.objects.get(is_default_site=True)
    Counter.objects.create(scope=counters.SITE_VISITS, object_id=site.pk, count=5164377)
    yesterday = visits.day_scope(timezone.localdate() - datetime.timedelta(days=1))
    Counter.objects.create(scope=yesterday, object_id=site.pk, count=900)

    first = beacon(client, "trinh-duyet-mot-0001", visit="1", online="1").json()
    assert (first["online"], first["visits_today"], first["site_visits"]) == (1, 1, 5164378)
    # The same tab's next page: no new visit, and it already reported itself reading.
    again = beacon(client, "trinh-duyet-mot-0001", visit="1").json()
    assert (again["online"], again["visits_today"], again["site_visits"]) == (1, 1, 5164378)
    second = beacon(client, "trinh-duyet-hai-0002", visit="1", online="1").json()
    assert (second["online"], second["visits_today"], second["site_visits"]) == (2, 2, 5164379)

    counters.flush()
    assert Counter.objects.get(scope=visits.day_scope(), object_id=site.pk).count == 2
    assert Counter.objects.get(scope=yesterday, object_id=site.pk).count == 900  # past days stay

    html = client.get("/tin-tuc/").content.decode()
    for label, value in (("Đang truy cập", "2"), ("Hôm nay", "2"), ("Tổng", "5.164.379")):
        assert f"<dt>{label}</dt><dd" in html
        assert f">{value}</dd>" in html
    assert 'data-online-minutes="5"' in html


def test_robots_are_not_counted(client, news_index):
    data = beacon(client, "robot-token-00000001", agent="Googlebot/2.1", visit="1", online="1").json()
    assert (data["online"], data["visits_today"], data["site_visits"]) == (0, 0, 0)


def test_reading_now_forgets_tabs_after_two_windows(news_index, settings):
    settings.CCHC_VISITS_ONLINE_MINUTES = 5
    site_id = Site.objects.get(is_default_site=True).pk
    start = 1_800_000_000  # a window's first second
    visits.count_online(site_id, now=start)
    visits.count_online(site_id, now=start + 10)
    assert visits.online(site_id, now=start + 20) == 2
    assert visits.online(site_id, now=start + 300) == 2  # the previous window still shows
    visits.count_online(site_id, now=start + 310)
    assert visits.online(site_id, now=start + 320) == 2
    assert visits.online(site_id, now=start + 600) == 1
    assert visits.online(site_id, now=start + 900) == 0


def test_one_beacon_costs_one_query_and_no_address_is_kept(client, news_index, make_article):
    article = make_article()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = beacon(client, "trinh-duyet-ba-00003", page=article.pk, visit="1", online="1")
    assert response.status_code == 200
    # The page's existence, the site, and one read of every count shown.
    reads = [q["sql"] for q in queries if "cchc_pages_counter" in q["sql"]]
    assert len(reads) == 1
    # What the cache holds: keyed hashes and counts, never the address or the token.
    keys = list(getattr(cache, "_cache", {}).keys()) or []
    assert not any("127.0.0.1" in str(key) or "trinh-duyet-ba" in str(key) for key in keys)


def test_the_widget_reads_with_the_database_down(client, news_index, monkeypatch):
    from django.db import OperationalError

    def locked(*args, **kwargs):
        raise OperationalError("database table is locked")

    monkeypatch.setattr(Counter.objects, "filter", locked)
    html = client.get("/tin-tuc/").content.decode()
    assert "data-cchc-visits-today>–<" in html and "data-cchc-site-visits>–<" in html
