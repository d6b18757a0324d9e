"""The public Q&A search: folded queries find the published wording written with diacritics and
đ, odd queries never fail, the page costs the same queries for one hit or many, and nothing a
citizen sent for moderators only (an unpublished question, the name, email or phone) is ever
found, nor kept in the site's search index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.submissions import workflow

from ..news.test_search_backend import ODD_QUERIES
from .conftest import receive


def publish(item, moderator):
    workflow.accept(item, moderator)
    workflow.give_answer(item, moderator, "Đã đăng ký lại hồ sơ cho công dân.")
    return workflow.publish(item, moderator)


@pytest.fixture
def questions(moderator):
    published = publish(
        receive(
            subject="Đăng ký khai sinh cho con quá hạn",
            full_name="Phạm Thị Bí Mật",
            phone="0977 123 456",
            email="bimat@example.invalid",
        ),
        moderator,
    )
    hidden = receive(subject="Cải cách thủ tục chưa công bố", content="Nội dung riêng tư của công dân.")
    return published, hidden


def hits(client, page, query):
    html = client.get(page.url, {"q": query}).content.decode()
    return [text for text in ("Đăng ký khai sinh cho con quá hạn", "Cải cách thủ tục chưa công bố") if text in html]


def test_folded_queries_find_the_published_wording(client, answers_page, questions):
    for query in ("dang ky khai sinh", "đăng ký", "ĐĂNG KÝ KHAI SINH", "da dang ky lai"):
        assert hits(client, answers_page, query) == ["Đăng ký khai sinh cho con quá hạn"], query


def test_private_data_is_never_found_nor_indexed(client, answers_page, questions):
    for query in ("cai cach thu tuc", "rieng tu", "bi mat", "Phạm Thị Bí Mật", "0977", "0977 123 456", "bimat"):
        assert hits(client, answers_page, query) == [], query
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(group_concat(title || ' ' || body, ' '), '') FROM cchc_search_text")
            indexed = cursor.fetchone()[0].lower()
        for private in ("bi mat", "0977", "bimat", "rieng tu", "chua cong bo"):
            assert private not in indexed, private


def test_odd_queries_never_fail(client, answers_page, questions):
    for query in ODD_QUERIES:
        assert client.get(answers_page.url, {"q": query}).status_code in (200, 400), query


def test_the_search_costs_the_same_queries_for_one_hit_or_many(client, answers_page, questions, moderator):
    for n in range(12):
        publish(receive(subject=f"Cấp giấy phép xây dựng số {n}"), moderator)
    counts = {}
    for query in ("khai sinh", "giay phep xay dung"):
        client.get(answers_page.url, {"q": query})
        with CaptureQueriesContext(connection) as ctx:
            client.get(answers_page.url, {"q": query})
        counts[query] = len(ctx.captured_queries)
    assert counts["khai sinh"] == counts["giay phep xay dung"], counts
