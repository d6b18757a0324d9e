"""Every public route answers hostile query parameters and path parts with a page or a 4xx, never
a 5xx: NUL bytes (which PostgreSQL refuses in text), lone quotes and full-text operators (which
SQLite's FTS5 parses), numbers too long for int(), impossible dates, unicode digits, very long text.

Property-based (hypothesis): each drawn value goes to every parameter of every route in ROUTES, on
whichever database the run uses (SQLite, or PostgreSQL with DATABASE_URL), in a site with one page
of each type. Bounded: MAX_EXAMPLES drawn values plus the explicit ones below, well under a minute.
"""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cchc_pages.directory.models import ContactDirectoryPage, OrganisationUnit
from cchc_pages.models import (
    DocumentIndexPage,
    DocumentPage,
    NewsTag,
    ProcedureIndexPage,
    ReceptionSchedulePage,
    ReformIndicesPage,
    WorkCalendarPage,
)
from feedback.models import FeedbackAnswersPage, FeedbackFormPage, Poll, PollChoice, PollPage, RatingTarget

MAX_EXAMPLES = 8

# (route, path with {page} placeholders, query parameters it reads). A path part written {value}
# receives the hostile value itself (URL-quoted).
ROUTES = [
    ("news index and search", "{news}", ["q", "page"]),
    ("news category", "{news}chuyen-muc/{category}/", ["page"]),
    ("news category (hostile slug)", "{news}chuyen-muc/{value}/", []),
    ("news tag", "{news}the/{tag}/", ["page"]),
    ("news tag (hostile slug)", "{news}the/{value}/", []),
    ("news archive year", "{news}2023/", ["page"]),
    ("news archive day", "{news}2023/01/02/", ["page"]),
    ("news go to a day", "{news}xem-theo-ngay/", ["ngay"]),
    ("news feed", "{news}rss/", ["page"]),
    ("news category feed (hostile slug)", "{news}chuyen-muc/{value}/atom/", []),
    ("news article and print", "{article}ban-in/", []),
    ("site search", "/cchc/tim-kiem/", ["q", "page"]),
    ("procedures", "{procedures}", ["q", "linh-vuc", "cap", "co-quan", "muc-do", "sap-xep", "page"]),
    ("procedures CSV", "{procedures}xuat-du-lieu/csv/", ["q", "linh-vuc", "cap", "co-quan", "muc-do", "sap-xep"]),
    ("procedures JSON", "{procedures}xuat-du-lieu/json/", ["q", "linh-vuc", "co-quan"]),
    ("procedure", "{procedure}", []),
    ("directory", "{directory}", []),
    ("directory card (hostile slug)", "{directory}{value}/", []),
    ("directory vCard (hostile slug)", "/cchc/danh-ba/{value}.vcf", []),
    ("documents", "{documents}", ["loai", "nam", "co-quan", "q", "page"]),
    ("document", "{document}", ["chu-tri", "trang-thai", "tim"]),
    ("document appendix CSV", "{document}phu-luc/csv/", ["trang-thai"]),
    ("reform indices", "{indices}", []),
    ("feedback form", "{form}", ["thu-tuc"]),
    ("feedback look-up", "{form}tra-cuu/", []),
    ("feedback receipt", "{form}da-gui/", []),
    ("questions and answers", "{answers}", ["q", "linh-vuc", "thu-tuc", "nam", "page"]),
    ("question (hostile number)", "{answers}{value}/", []),
    ("poll page", "{poll_page}", []),
    ("poll ballot", "/cchc/binh-chon/{poll}/", ["choice", "ma-ho-so", "next"]),
    ("poll results", "/cchc/binh-chon/{poll}/ket-qua/", ["doi-tuong", "da-binh-chon", "next"]),
    ("poll results JSON", "/cchc/binh-chon/{poll}/ket-qua.json", []),
    ("poll token", "/cchc/binh-chon/{poll}/token/", []),
    ("rating", "/cchc/danh-gia/{target}/", ["ma-ho-so", "next"]),
    ("rating (hostile code)", "/cchc/danh-gia/{value}/", []),
    ("rating QR sign", "/cchc/danh-gia/{target}/ma-qr/", []),
    ("work calendar week", "{calendar}", ["tuan"]),
    ("work calendar print", "{calendar}ban-in/", ["tuan"]),
    ("work calendar day (hostile date)", "{calendar}ngay/{value}/", []),
    ("work calendar iCalendar", "{calendar}ical/", []),
    ("reception schedule week", "{reception}", ["tuan"]),
    ("open data page", "/cchc/du-lieu-mo/", []),
    ("API root", "/api/v2/", []),
    ("API pages", "/api/v2/pages/", ["type", "fields", "limit", "offset", "order", "search", "child_of", "site"]),
    ("API page (hostile id)", "/api/v2/pages/{value}/", []),
    ("API find a page", "/api/v2/pages/find/", ["id", "html_path"]),
    ("API images", "/api/v2/images/", ["search", "title"]),
    ("API units", "/api/v2/units/", ["parent", "order"]),
    ("API contact cards", "/api/v2/contact-cards/", ["unit"]),
    ("API poll (hostile id)", "/api/v2/polls/{value}/", []),
    ("API questions", "/api/v2/questions/", ["sector", "id"]),
]

# Values that broke routes before, plus full-text syntax and number edge cases.
HOSTILE = [
    "\x00",
    "khai\x00sinh",
    '"',
    'cải "cách',
    "'",
    "%",
    "%00",
    "\\",
    "*",
    "a*",
    "NEAR(a b)",
    "a AND OR NOT b",
    "(",
    ")",
    "^a",
    ":",
    "-a",
    "col:val",
    "9" * 4300,
    "-1",
    "0",
    "1e9",
    "²",
    "١٢",
    "٣",
    "x" * 5000,
    "Đ" * 1000,
    "\u202e\ufeff",
    "\r\n",
]

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.integers().map(str),
    st.text(alphabet="0123456789\"'*%\\\x00 -()^:", max_size=12),
)


@pytest.fixture
def site(home, news_index, make_article, category):
    tag = NewsTag.objects.create(name="Một cửa", slug="mot-cua")
    article = make_article(title="Cải cách thủ tục hành chính", categories=[category], tags=[tag.name])
    procedures = home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc", per_page=10))
    procedures.save_revision().publish()
    from tests.procedures.test_procedures import record, run

    run(procedures, [record("1.000001")])
    documents = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban", per_page=2))
    documents.save_revision().publish()
    document = DocumentPage(
        title="Kế hoạch cải cách hành chính năm 2024",
        doc_type="ke-hoach",
        issue_date=datetime.date(2024, 1, 5),
        issuing_body="UBND tỉnh",
        summary="Trích yếu",
    )
    documents.add_child(instance=document)
    document.save_revision().publish()
    indices = home.add_child(instance=ReformIndicesPage(title="Chỉ số cải cách hành chính", slug="chi-so"))
    indices.save_revision().publish()
    OrganisationUnit.objects.create(name="Sở Nội vụ", kind="department", sort_order=0)
    directory = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    directory.save_revision().publish()
    answers = home.add_child(instance=FeedbackAnswersPage(title="Hỏi đáp", slug="hoi-dap"))
    answers.save_revision().publish()
    form = home.add_child(instance=FeedbackFormPage(title="Gửi phản ánh", slug="phan-anh", answers_page=answers))
    form.save_revision().publish()
    poll = Poll.objects.create(question="Đánh giá thái độ", opens_at=timezone.now() - datetime.timedelta(days=1))
    PollChoice.objects.create(poll=poll, label="Hài lòng", sort_order=0)
    poll_page = home.add_child(instance=PollPage(title="Khảo sát", slug="khao-sat", poll=poll))
    poll_page.save_revision().publish()
    target = RatingTarget.objects.create(name="Quầy số 1", code="quay-1")
    rating = Poll.objects.create(question="Đánh giá quầy", opens_at=poll.opens_at)
    PollChoice.objects.create(poll=rating, label="Hài lòng", sort_order=0)
    rating.targets.add(target)
    rating.save()  # a ParentalManyToManyField is written on save
    calendar = home.add_child(instance=WorkCalendarPage(title="Lịch công tác", slug="lich-cong-tac"))
    calendar.save_revision().publish()
    reception = home.add_child(instance=ReceptionSchedulePage(title="Lịch tiếp công dân", slug="tiep-cong-dan"))
    reception.save_revision().publish()
    return {
        "calendar": calendar.url,
        "reception": reception.url,
        "news": news_index.url,
        "category": category.slug,
        "tag": tag.slug,
        "article": article.url,
        "procedures": procedures.url,
        "procedure": procedures.get_children().live().first().url,
        "documents": documents.url,
        "document": document.url,
        "indices": indices.url,
        "directory": directory.url,
        "form": form.url,
        "answers": answers.url,
        "poll_page": poll_page.url,
        "poll": poll.pk,
        "target": target.code,
    }


def test_the_fixture_site_answers_every_route(client, site):
    for name, template, _params in ROUTES:
        url = template.format(value="khong-co", **site)
        response = client.get(url)
        assert response.status_code < 500, (name, url)
        if "{value}" not in template:
            # A day to go to, or a page to find, is a parameter these two need.
            assert response.status_code in (200, 302) or name in ("news go to a day", "API find a page"), (
                name,
                url,
                response.status_code,
            )


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=values)
@example(value="\x00")
@example(value='"')
@example(value="9" * 4300)
@example(value="a AND OR NOT b")
def test_no_route_answers_a_hostile_parameter_with_a_server_error(client, site, value):
    for name, template, params in ROUTES:
        url = template.format(value=quote(value, safe="") or "x", **site)
        if "{value}" in template:
            checks = [(url, {})]
        else:
            checks = [(url, {param: value}) for param in params]
        for path, query in checks:
            response = client.get(path, query)
            assert response.status_code < 500, (name, path, query and list(query), repr(value[:40]))


@pytest.mark.parametrize(
    "day", ["9999/12/31", "9999/12", "9999", "0000", "0001/01/01", "2024/02/30", "2024/13", "2024/00/00", "0000/99/99"]
)
def test_archive_dates_at_the_ends_of_the_calendar_are_a_page_or_a_404(client, site, day):
    response = client.get(f"{site['news']}{day}/")
    assert response.status_code in (200, 404), response.status_code
    if response.status_code == 404:
        assert "không tồn tại" in response.content.decode() or "Không" in response.content.decode()
