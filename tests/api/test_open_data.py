"""The open-data API (cchc_pages.api) as a consumer meets it: every listed type served as a list and
a detail with its public fields; no personal data, hidden contact point, draft, restricted page or
private file reachable through any endpoint, field selection, search, filter or ordering; limits,
bad parameters and query counts."""

import datetime
import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cchc_pages.models import (
    ContactCard,
    ContactDirectoryPage,
    DocumentAttachment,
    DocumentIndexPage,
    DocumentPage,
    Hotline,
    OrganisationUnit,
    PersonContactPoint,
    ProcedureIndexPage,
    ReformIndexValue,
    ReformIndicesPage,
    UnitContactPoint,
)
from feedback.models import (
    Ballot,
    BallotChoice,
    FeedbackAnswersPage,
    FeedbackUnit,
    Poll,
    PollChoice,
    Status,
    Submission,
)
from tests.procedures.test_procedures import record, run

API = "/api/v2/"
# What must never come out of the API, whatever is asked: a citizen's data, hidden contact points,
# an inactive hotline, a draft, a restricted page, a private file, an unpublished poll or question.
SECRETS = {
    "citizen name": "Trần Thị Bí Mật",
    "citizen initials": "Trần T. B. M.",
    "citizen email": "bimat.congdan@example.com",
    "citizen phone": "0912345678",
    "citizen address": "Số 9 ngõ Kín",
    "citizen locality": "phường Kín Đáo",
    "original wording": "Nguyên văn chưa biên tập",
    "tracking code": "PA-2026-000777-SECRETCODE",
    "ip hash": "f00dfeedcafe",
    "unpublished question": "Câu hỏi chưa công bố",
    "unit email": "donvi.noibo@example.gov.vn",
    "hidden phone": "0209 9998 887",
    "hidden email": "an.noibo@example.gov.vn",
    "inactive hotline": "0209 3333 444",
    "draft page": "Bản nháp chưa công bố",
    "private page": "Trang riêng tư hạn chế",
    "private file": "Tài liệu mật nội bộ",
    "editors-only poll": "Câu hỏi chỉ biên tập viên",
    "closing poll": "Kết quả công bố sau khi đóng",
}


@pytest.fixture
def site(home, news_index, make_article, category):
    image = get_image_model().objects.create(title="Ảnh lãnh đạo", file=get_test_image_file())
    article = make_article(title="Cải cách thủ tục hành chính", categories=[category], tags=["Một cửa"])
    article.featured_image = image
    article.save_revision().publish()

    procedures = home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc"))
    procedures.save_revision().publish()
    run(procedures, [record("1.000001")])

    documents = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban"))
    documents.save_revision().publish()
    file = get_document_model().objects.create(title="Kế hoạch 12/KH-UBND", file=ContentFile(b"%PDF-1.4", "kh.pdf"))
    document = DocumentPage(
        title="Kế hoạch cải cách hành chính năm 2026",
        doc_number="12/KH-UBND",
        issuing_body="UBND tỉnh",
        issue_date=datetime.date(2026, 1, 5),
        summary="Trích yếu kế hoạch",
        signer="Nguyễn Văn Ký",
    )
    documents.add_child(instance=document)
    DocumentAttachment.objects.create(page=document, document=file, sort_order=0)
    document.appendix_rows.create(task="Rà soát thủ tục", lead_agency="Sở Nội vụ", sort_order=0)
    document.save_revision().publish()

    private = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    get_document_model().objects.create(
        title=SECRETS["private file"], file=ContentFile(b"x", "mat.pdf"), collection=private
    )

    indices = home.add_child(instance=ReformIndicesPage(title="Chỉ số cải cách hành chính", slug="chi-so"))
    ReformIndexValue(page=indices, index_name="PAR INDEX", year=2025, value="85.5", sort_order=0).save()
    indices.save_revision().publish()

    directory = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    directory.save_revision().publish()
    unit = OrganisationUnit.objects.create(name="Sở Nội vụ", kind="department", address="Số 1 đường Lớn")
    UnitContactPoint.objects.create(unit=unit, kind="office_phone", value="0209 3870 123")
    UnitContactPoint.objects.create(unit=unit, kind="office_phone", value=SECRETS["hidden phone"], is_public=False)
    card = ContactCard.objects.create(name="Nguyễn Văn Giám Đốc", position="Giám đốc Sở", unit=unit, photo=image)
    PersonContactPoint.objects.create(card=card, kind="email", value="giamdoc@example.gov.vn")
    PersonContactPoint.objects.create(card=card, kind="email", value=SECRETS["hidden email"], is_public=False)
    Hotline.objects.create(label="Đường dây nóng", number="0209 3870 999")
    Hotline.objects.create(label="Máy lẻ", number=SECRETS["inactive hotline"], is_active=False)

    draft = home.add_child(instance=Page(title=SECRETS["draft page"], slug="nhap", live=False))
    restricted = home.add_child(instance=Page(title=SECRETS["private page"], slug="rieng"))
    restricted.save_revision().publish()
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")

    opened = timezone.now() - datetime.timedelta(days=3)
    poll = Poll.objects.create(question="Bạn có hài lòng?", opens_at=opened)
    yes = PollChoice.objects.create(poll=poll, label="Hài lòng", sort_order=0)
    PollChoice.objects.create(poll=poll, label="Chưa hài lòng", sort_order=1)
    ballot = Ballot.objects.create(poll=poll, nonce="n1", ip_hash=SECRETS["ip hash"], dossier_code="HS-SECRET")
    BallotChoice.objects.create(ballot=ballot, choice=yes)
    hidden = Poll.objects.create(question=SECRETS["editors-only poll"], opens_at=opened, results_visibility="editors")
    later = Poll.objects.create(question=SECRETS["closing poll"], opens_at=opened, results_visibility="after_close")

    answers = home.add_child(instance=FeedbackAnswersPage(title="Hỏi đáp", slug="hoi-dap"))
    answers.save_revision().publish()
    feedback_unit = FeedbackUnit.objects.create(name="Phòng Tư pháp", email=SECRETS["unit email"])
    citizen = {
        "full_name": SECRETS["citizen name"],
        "email": SECRETS["citizen email"],
        "phone": SECRETS["citizen phone"],
        "address": SECRETS["citizen address"],
        "public_locality": SECRETS["citizen locality"],
        "ip_hash": SECRETS["ip hash"],
        "shown_as": "initials",
        "consent": "publish",
    }
    question = Submission.objects.create(
        code=SECRETS["tracking code"],
        status=Status.PUBLISHED,
        subject=SECRETS["original wording"],
        content=SECRETS["original wording"],
        public_subject="Thời hạn cấp giấy khai sinh",
        public_content="Bao lâu thì nhận được giấy khai sinh?",
        public_name=SECRETS["citizen initials"] + ", " + SECRETS["citizen locality"],
        answer="Trong ngày làm việc.",
        sector="Hộ tịch",
        unit=feedback_unit,
        answered_at=timezone.now(),
        published_at=timezone.now(),
        **citizen,
    )
    Submission.objects.create(
        code="PA-2026-000778-OTHERCODE9",
        status=Status.ANSWERED,
        subject=SECRETS["unpublished question"],
        content=SECRETS["unpublished question"],
        public_subject=SECRETS["unpublished question"],
        answer=SECRETS["unpublished question"],
        **citizen,
    )
    return {
        "article": article,
        "procedure": procedures.get_children().live().first(),
        "document": document,
        "indices": indices,
        "directory": directory,
        "unit": unit,
        "card": card,
        "poll": poll,
        "hidden_polls": [hidden, later],
        "question": question,
        "draft": draft,
        "restricted": restricted,
        "image": image,
        "file": file,
    }


def get(client, path, **params):
    response = client.get(API + path, params)
    return response, json.loads(response.content)


def ok(client, path, **params):
    response, data = get(client, path, **params)
    assert response.status_code == 200, (path, params, data)
    return data


def refused(client, path, **params):
    response, data = get(client, path, **params)
    assert response.status_code == 400, (path, params, response.status_code, data)
    return data["message"]


ENDPOINTS = ["pages", "images", "documents", "news-categories", "procedure-sectors", "units", "contact-cards"]
ENDPOINTS += ["hotlines", "polls", "questions"]
PAGE_TYPES = [
    "cchc_pages.NewsIndexPage",
    "cchc_pages.NewsArticlePage",
    "cchc_pages.ProcedureIndexPage",
    "cchc_pages.ProcedurePage",
    "cchc_pages.DocumentIndexPage",
    "cchc_pages.DocumentPage",
    "cchc_pages.ReformIndicesPage",
    "cchc_pages.ContactDirectoryPage",
    "cchc_feedback.FeedbackAnswersPage",
]


def test_every_listed_type_is_served_as_a_list_and_a_detail(client, site, settings):
    by_type = {page_type: ok(client, "pages/", type=page_type, fields="*")["items"] for page_type in PAGE_TYPES}
    assert all(len(items) == 1 for items in by_type.values()), {k: len(v) for k, v in by_type.items()}
    article = by_type["cchc_pages.NewsArticlePage"][0]
    assert article["title"] == "Cải cách thủ tục hành chính"
    assert article["tags"] == ["Một cửa"] and article["categories"][0]["name"] == "Cải cách thủ tục hành chính"
    assert article["featured_image"]["id"] == site["image"].pk
    assert "body" not in article  # whole texts come with the detail
    detail = ok(client, f"pages/{site['article'].pk}/")
    assert "body" in detail and detail["meta"]["html_url"].endswith(site["article"].url)

    procedure = ok(client, f"pages/{site['procedure'].pk}/")
    assert procedure["code"] == "1.000001" and procedure["sectors"][0]["code"] == "HT"
    assert "search_text" not in procedure and "content_hash" not in procedure and "field_hashes" not in procedure
    document = ok(client, f"pages/{site['document'].pk}/")
    assert document["doc_number"] == "12/KH-UBND" and document["files"][0]["document"] == site["file"].pk
    assert document["appendix"][0]["task"] == "Rà soát thủ tục"
    assert ok(client, f"pages/{site['indices'].pk}/")["index_values"][0]["value"] == "85.50"

    assert [i["title"] for i in ok(client, "documents/")["items"]] == ["Kế hoạch 12/KH-UBND"]
    assert ok(client, f"documents/{site['file'].pk}/")["meta"]["download_url"].endswith(".pdf")
    assert ok(client, f"images/{site['image'].pk}/")["title"] == "Ảnh lãnh đạo"
    unit = ok(client, f"units/{site['unit'].pk}/")
    assert unit["address"] == "Số 1 đường Lớn" and [p["value"] for p in unit["contact_points"]] == ["0209 3870 123"]
    card = ok(client, f"contact-cards/{site['card'].pk}/")
    assert card["position"] == "Giám đốc Sở" and card["unit"]["name"] == "Sở Nội vụ"
    assert [p["value"] for p in card["contact_points"]] == ["giamdoc@example.gov.vn"]
    assert [h["number"] for h in ok(client, "hotlines/")["items"]] == ["0209 3870 999"]
    assert [s["code"] for s in ok(client, "procedure-sectors/")["items"]] == ["HT"]
    assert [c["name"] for c in ok(client, "news-categories/")["items"]] == ["Cải cách thủ tục hành chính"]

    assert [p["question"] for p in ok(client, "polls/")["items"]] == ["Bạn có hài lòng?"]
    poll = ok(client, f"polls/{site['poll'].pk}/")
    assert poll["results"]["total"] == 1 and poll["results"]["choices"][0]["votes"] == 1
    questions = ok(client, "questions/")["items"]
    assert [q["title"] for q in questions] == ["Thời hạn cấp giấy khai sinh"]
    question = ok(client, f"questions/{site['question'].pk}/")
    assert question["question"] == "Bao lâu thì nhận được giấy khai sinh?" and question["unit"] == "Phòng Tư pháp"
    assert question["meta"]["html_url"] == f"http://testserver/hoi-dap/{site['question'].pk}/"

    # Cache headers: public answers for everyone; polls and questions revalidated each time.
    pages = client.get(API + "pages/")
    assert "public" in pages["Cache-Control"] and "max-age=300" in pages["Cache-Control"]
    assert "Cookie" not in pages.get("Vary", "")
    assert "no-cache" in client.get(API + "polls/")["Cache-Control"]
    assert "no-cache" in client.get(API + "questions/")["Cache-Control"]
    assert "public" in client.get(API)["Cache-Control"]
    settings.CCHC_PAGE_CACHE_SECONDS = 300  # the page cache replays the header on a hit
    miss, hit = (client.get(API + "units/") for _i in range(2))
    assert hit["X-CCHC-Cache"] == "hit" and hit["Cache-Control"] == miss["Cache-Control"] == "public, max-age=300"


def test_the_fields_are_the_public_ones(client, site):
    question = ok(client, f"questions/{site['question'].pk}/", fields="*")
    assert set(question) == {"id", "meta", "title", "question", "answer", "sector", "procedure", "unit"} | {
        "received_on",
        "answered_on",
        "published_on",
    }
    card = ok(client, f"contact-cards/{site['card'].pk}/", fields="*")
    assert set(card) == {"id", "meta", "name", "slug", "position", "unit", "photo", "duties", "sort_order"} | {
        "contact_points"
    }
    poll = ok(client, f"polls/{site['poll'].pk}/", fields="*")
    assert set(poll) == {"id", "meta", "question", "description", "multiple", "opens_at", "closes_at"} | {
        "open",
        "choices",
        "results",
    }
    for private in ["full_name", "email", "phone", "address", "code", "ip_hash", "public_name", "subject", "content"]:
        assert private in json.loads(client.get(API + "questions/", {"fields": private}).content)["detail"]
        refused(client, "questions/", fields=f"_,{private}")
        refused(client, f"questions/{site['question'].pk}/", fields=private)
        refused(client, "questions/", **{private: "x"})
        refused(client, "questions/", order=private)
    for endpoint, private in [
        ("contact-cards", "contact_points__value"),
        ("units", "contact_points"),
        ("hotlines", "is_active"),
    ]:
        refused(client, f"{endpoint}/", **{private: "1"})
    refused(client, "polls/", fields="_,ballots")
    refused(client, "polls/", order="ballots")
    refused(client, "pages/", type="cchc_pages.ProcedurePage", order="search_text")
    refused(client, "pages/", type="cchc_pages.ProcedurePage", fields="_,content_hash")
    refused(client, "pages/", owner="1")
    refused(client, "images/", uploaded_by_user="1")


def _every_answer(client, site):
    """The text of every answer the API gives to a reader trying everything: each endpoint as a
    list and each item as a detail, with every field (*), none (_) and each field alone, searches
    for the secrets, and the detail addresses of the hidden objects."""
    seen = []

    def fetch(path, **params):
        response = client.get(API + path, params)
        assert response.status_code < 500, (path, params)
        seen.append(response.content.decode())
        return response

    fetch("")
    listings = [(endpoint, {}) for endpoint in ENDPOINTS] + [("pages", {"type": t}) for t in PAGE_TYPES]
    for endpoint, base in listings:
        data = json.loads(fetch(f"{endpoint}/", fields="*", limit=100, **base).content)
        for item in data["items"]:
            fetch(f"{endpoint}/{item['id']}/", fields="*")
    searched = ["citizen name", "citizen email", "citizen phone", "tracking code", "draft page", "private page"]
    for endpoint in ("pages", "images", "documents"):
        for name in searched + ["private file"]:
            fetch(f"{endpoint}/", search=SECRETS[name], fields="*")
    hidden = {
        "pages": [site["draft"].pk, site["restricted"].pk],
        "polls": [p.pk for p in site["hidden_polls"]],
        "questions": list(Submission.objects.exclude(status=Status.PUBLISHED).values_list("pk", flat=True)),
        "documents": list(get_document_model().objects.filter(collection__name="Nội bộ").values_list("pk", flat=True)),
        "hotlines": list(Hotline.objects.filter(is_active=False).values_list("pk", flat=True)),
    }
    for endpoint, pks in hidden.items():
        for pk in pks:
            assert fetch(f"{endpoint}/{pk}/").status_code == 404, (endpoint, pk)
            assert fetch(f"{endpoint}/find/", id=pk).status_code == 404, (endpoint, pk)
    fetch("pages/find/", html_path="/rieng/")
    return seen


def test_no_personal_or_hidden_value_is_reachable(client, site, django_user_model):
    answers = _every_answer(client, site)
    assert len(answers) > 60
    everything = "\n".join(answers)
    leaks = {name: value for name, value in SECRETS.items() if value in everything}
    assert leaks == {}
    # A logged-in editor, who may see the restricted page on the site, gets the same public answers.
    editor = django_user_model.objects.create_superuser("editor", "editor@example.invalid", "x")
    client.force_login(editor)
    assert SECRETS["private page"] not in client.get(API + "pages/").content.decode()
    assert SECRETS["private file"] not in client.get(API + "documents/").content.decode()


def test_limits_and_bad_parameters_are_400s_with_a_vietnamese_message(client, site, settings):
    assert len(ok(client, "pages/", limit=100)["items"]) <= 100
    assert "tối đa là 100" in refused(client, "pages/", limit=101)
    settings.CCHC_API_MAX_LIMIT = 5
    assert "tối đa là 5" in refused(client, "units/", limit=6)
    assert len(ok(client, "pages/")["items"]) == 5  # the default page follows a smaller maximum
    for params in [
        {"limit": "-1"},
        {"limit": "abc"},
        {"offset": "9" * 30},
        {"child_of": "99999999999999999999"},
        {"id": "99999999999999999999"},
        {"fields": "title,("},
        {"type": "cchc_feedback.Submission"},
        {"order": "random,title"},
        {"title": "a\x00b"},
        {"nope": "1"},
    ]:
        message = refused(client, "pages/", **params)
        assert message and not message.isascii(), (params, message)  # Vietnamese, with its diacritics
    typed = {
        "cchc_pages.ProcedurePage": ["code", "status", "level_province", "order", "search"],
        "cchc_pages.NewsArticlePage": ["tags", "source", "order", "search"],
        "cchc_pages.DocumentPage": ["doc_type", "issuing_body", "order"],
    }
    for page_type, names in typed.items():
        for name in names:
            for value in ["\x00", "'", '"a', "9" * 4300, "-1", "²", "a AND OR NOT b", "x" * 3000, "-date,?"]:
                response = client.get(API + "pages/", {"type": page_type, name: value})
                assert response.status_code in (200, 400), (page_type, name, value[:20], response.status_code)
    assert "tìm" in refused(client, "questions/", search="khai sinh").lower()
    assert get(client, "pages/99999999999999999999/")[0].status_code in (400, 404)
    response, data = get(client, "pages/find/", id="abc")
    assert response.status_code == 400
    assert get(client, "polls/", format="api")[0].status_code == 404


def _count(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API + path, params)
    assert response.status_code == 200
    return len(queries)


def test_a_listing_costs_the_same_queries_for_more_items(client, site, make_article, category):
    listings = [
        ("pages/", {"type": "cchc_pages.NewsArticlePage", "fields": "*"}),
        ("pages/", {"type": "cchc_pages.ProcedurePage", "fields": "*"}),
        ("pages/", {"fields": "*"}),
        ("contact-cards/", {"fields": "*"}),
        ("units/", {"fields": "*"}),
        ("images/", {"fields": "*"}),
        ("polls/", {"fields": "*"}),
        ("questions/", {"fields": "*"}),
    ]
    before = [_count(client, path, **params) for path, params in listings]
    for n in range(4):
        make_article(categories=[category], tags=[f"Thẻ {n}"])
        unit = OrganisationUnit.objects.create(name=f"Phòng {n}", parent=site["unit"])
        UnitContactPoint.objects.create(unit=unit, value="0209 3870 123")
        card = ContactCard.objects.create(name=f"Cán bộ {n}", position="Chuyên viên", unit=unit, photo=site["image"])
        PersonContactPoint.objects.create(card=card, kind="email", value=f"cb{n}@example.gov.vn")
        get_image_model().objects.create(title=f"Ảnh {n}", file=get_test_image_file())
        poll = Poll.objects.create(question=f"Câu hỏi {n}", opens_at=site["poll"].opens_at)
        PollChoice.objects.create(poll=poll, label="Có")
        Submission.objects.create(
            code=f"PA-2026-00090{n}-ABCDEFGHJK",
            status=Status.PUBLISHED,
            full_name="X",
            subject="x",
            content="x",
            public_subject=f"Câu hỏi {n}",
            published_at=timezone.now(),
            unit=site["question"].unit,
        )
    run(ProcedureIndexPage.objects.get(), [record("1.000001"), record("1.000002"), record("1.000003")])
    after = [_count(client, path, **params) for path, params in listings]
    assert after == before


def test_the_datasets_page_lists_each_dataset_with_its_licence_formats_and_links(client, site):
    page = client.get("/cchc/du-lieu-mo/").content.decode()
    assert "Dữ liệu mở" in page and "Nghị định 47/2020/NĐ-CP" in page
    for title in ["Tin tức cải cách hành chính", "Thủ tục hành chính", "Kết quả bình chọn", "Hỏi đáp"]:
        assert title in page, title
    assert "/thu-tuc/xuat-du-lieu/json/" in page and "/thu-tuc/xuat-du-lieu/csv/" in page
    assert "/api/v2/pages/?type=cchc_pages.ProcedurePage" in page.replace("&amp;", "&")
    catalogue = ok(client, "")
    assert "47/2020" in catalogue["licence"]["name"] and catalogue["max_limit"] == 100
    keys = {d["key"]: d for d in catalogue["datasets"]}
    assert {"news", "procedures", "documents", "contacts", "polls", "questions"} <= set(keys)
    for dataset in keys.values():
        assert dataset["update_frequency"] and dataset["formats"], dataset["key"]
        for url in [f["url"] for f in dataset["formats"]]:
            assert client.get(url.removeprefix("http://testserver")).status_code == 200, url
