"""A citizen votes in the demo portal's sidebar poll: in place with JavaScript, without it, and from
a copy of the page that was rendered for someone else (what a full-page cache serves)."""

import re

import pytest

from .test_journeys import ui

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

QUESTION = "Đánh giá thái độ tiếp công dân của cán bộ Một cửa"


def widget(page):
    return page.locator("[data-cchc-poll]")


def test_vote_from_the_sidebar_see_bars_and_be_refused_again(page, demo_site, shot):
    from feedback.models import Poll

    poll = Poll.objects.get(question=QUESTION)
    before = poll.results()
    page.goto(demo_site.url + "/")
    poll_box = widget(page)
    expect(poll_box.get_by_role("group", name=QUESTION)).to_be_visible()
    shot(page, "sidebar-poll")
    poll_box.get_by_label("Hài lòng", exact=True).check()
    poll_box.get_by_role("button", name=ui("Bình chọn", "Vote")).click()
    expect(poll_box.get_by_role("status").first).to_contain_text(ui("Cảm ơn bạn", "Thank you"))
    # Results: a bar per answer with its count and percentage written out.
    rows = poll_box.locator(".cchc-bars__row")
    expect(rows).to_have_count(4)
    after = poll.results()
    assert after["total"] == before["total"] + 1
    satisfied = after["choices"][1]
    assert satisfied["votes"] == before["choices"][1]["votes"] + 1
    percent = f"{satisfied['percent']:.1f}".replace(".", ",")
    expect(rows.nth(1)).to_contain_text(re.compile(rf"Hài lòng\s*{satisfied['votes']} phiếu, {percent}%"))
    expect(page).to_have_url(demo_site.url + "/")  # no reload
    shot(page, "voted-in-place")

    # Coming back and voting again is refused, in words.
    page.reload()
    widget(page).get_by_label("Rất hài lòng").check()
    widget(page).get_by_role("button", name=ui("Bình chọn", "Vote")).click()
    expect(widget(page).locator("[data-message]")).to_contain_text(ui("Bạn đã bình chọn", "You have already voted"))
    assert poll.results()["total"] == after["total"]
    shot(page, "refused")


def test_vote_without_javascript_and_from_a_cached_page(new_context, demo_site, shot):
    from feedback.models import Poll

    poll = Poll.objects.get(question=QUESTION)
    total = poll.results()["total"]

    # 1. No JavaScript: the widget's plain form leads to an uncached ballot page, then to the results.
    no_js = new_context(java_script_enabled=False).new_page()
    no_js.goto(demo_site.url + "/tin-tuc/")
    widget(no_js).get_by_label("Bình thường").check()
    widget(no_js).get_by_role("button", name=ui("Bình chọn", "Vote")).click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(no_js.get_by_label("Bình thường")).to_be_checked()
    shot(no_js, "no-js-ballot")
    no_js.get_by_role("button", name=ui("Gửi bình chọn", "Send my vote")).click()
    expect(no_js).to_have_url(re.compile(r"/cchc/binh-chon/\d+/ket-qua/"))
    expect(no_js.get_by_role("status").first).to_contain_text(ui("Cảm ơn bạn", "Thank you"))
    expect(no_js.locator(".cchc-bars__row").nth(2)).to_contain_text("Bình thường")
    expect(no_js.get_by_role("link", name=ui("Quay lại trang bạn đang xem", "Back"))).to_have_attribute(
        "href", "/tin-tuc/"
    )
    shot(no_js, "no-js-results")
    assert poll.results()["total"] == total + 1

    # 2. A cached copy: the home page as rendered for the visitor who just voted (with their cookies),
    #    served byte for byte to a new browser, as a full-page cache would.
    cached_html = no_js.context.request.get(demo_site.url + "/").text()
    assert 'name="token"' not in cached_html
    second = new_context()
    second.route(
        demo_site.url + "/",
        lambda route: route.fulfill(status=200, body=cached_html, content_type="text/html; charset=utf-8"),
    )
    reader = second.new_page()
    reader.goto(demo_site.url + "/")
    widget(reader).get_by_label("Rất hài lòng").check()
    widget(reader).get_by_role("button", name=ui("Bình chọn", "Vote")).click()
    expect(widget(reader).get_by_role("status").first).to_contain_text(ui("Cảm ơn bạn", "Thank you"))
    shot(reader, "cached-page-voted")
    assert poll.results()["total"] == total + 2


def test_a_vote_is_refused_in_words_while_redis_is_down(page, demo_site, settings, shot):
    """The per-address limit counts in Redis: with Redis unreachable the page still shows the poll,
    and a vote is refused with a message the citizen can act on, not lost and not half-counted."""
    from feedback.models import Poll

    from ..caching.test_scale_out import REDIS_DOWN

    poll = Poll.objects.get(question=QUESTION)
    before = poll.results()["total"]
    settings.CACHES = REDIS_DOWN
    page.goto(demo_site.url + "/")
    poll_box = widget(page)
    poll_box.get_by_label("Hài lòng", exact=True).check()
    poll_box.get_by_role("button", name=ui("Bình chọn", "Vote")).click()
    expect(poll_box.locator("[data-message]")).to_contain_text(
        ui("Tạm thời chưa nhận được phiếu", "Voting is briefly unavailable")
    )
    assert poll.results()["total"] == before
    poll_box.locator("[data-message]").scroll_into_view_if_needed()
    shot(page, "refused-while-redis-is-down", full_page=False)
