"""Every page type's search and sharing metadata (ND 224/2026/NĐ-CP Điều 11 k5): a description, the
canonical address, Open Graph tags and parseable JSON-LD of the right type, all on the host the
reader used, under the stock Wagtail base.html of the apps' test project."""

import datetime
import io
import json
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cchc_pages.models import (
    ContactCard,
    ContactDirectoryPage,
    DocumentIndexPage,
    DocumentPage,
    NewsArticlePage,
    NewsIndexPage,
    OrganisationUnit,
    ProcedureIndexPage,
    ProcedurePage,
    ReformIndicesPage,
)
from feedback.polls.models import Poll, PollChoice, PollPage
from feedback.submissions import workflow
from feedback.submissions.pages import FeedbackAnswersPage, FeedbackFormPage

from ..submissions.conftest import receive

OTHER_HOST = "127.0.0.1"  # in the test project's ALLOWED_HOSTS, not the Site record's hostname


class Head(HTMLParser):
    """The <head> parts the metadata consists of: meta tags, canonical links, JSON-LD scripts."""

    def __init__(self, html):
        super().__init__()
        self.descriptions, self.canonicals, self.og, self.jsonld = [], [], {}, []
        self._in_jsonld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.descriptions.append(attrs["content"])
        elif tag == "meta" and attrs.get("property", "").startswith("og:"):
            self.og[attrs["property"]] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonicals.append(attrs["href"])
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag):
        self._in_jsonld = False if tag == "script" else self._in_jsonld

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data


def photo(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 90), "#0b4f9c").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="anh.png"))


class PageMetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        Site.objects.all().delete()
        home = root.add_child(instance=Page(title="Trang chủ", slug="trang-chu-metadata"))
        Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Sở Nội vụ")

        def add(parent, page):
            parent.add_child(instance=page)
            page.save_revision().publish()
            return page

        news = add(home, NewsIndexPage(title="Tin tức", slug="tin-tuc", intro="<p>Tin cải cách hành chính.</p>"))
        cls.article = add(
            news,
            NewsArticlePage(
                title="Sở Nội vụ công bố chỉ số PAR INDEX",
                slug="par-index",
                sapo="Kết quả chỉ số cải cách hành chính năm 2025 của tỉnh.",
                byline="T.H",
                date=timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 30)),
                featured_image=photo("Ảnh tin"),
            ),
        )
        procedures = add(home, ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc"))
        add(
            procedures,
            ProcedurePage(title="Đăng ký khai sinh", code="1.001193", description="Thủ tục đăng ký khai sinh."),
        )
        documents = add(home, DocumentIndexPage(title="Văn bản", slug="van-ban"))
        add(
            documents,
            DocumentPage(
                title="Kế hoạch cải cách hành chính 2026",
                slug="ke-hoach-2026",
                issuing_body="Sở Nội vụ",
                summary="Kế hoạch thực hiện cải cách hành chính năm 2026.",
            ),
        )
        add(home, ReformIndicesPage(title="Chỉ số cải cách hành chính", slug="chi-so"))
        dept = OrganisationUnit.objects.create(
            name="Sở Nội vụ", kind="department", description="<p>Tham mưu về nội vụ.</p>"
        )
        OrganisationUnit.objects.create(name="Phòng Cải cách hành chính", parent=dept)
        ContactCard.objects.create(name="Nguyễn Văn An", position="Giám đốc Sở", unit=dept, photo=photo("Ảnh cán bộ"))
        add(home, ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
        answers = add(home, FeedbackAnswersPage(title="Hỏi đáp", slug="hoi-dap"))
        add(home, FeedbackFormPage(title="Gửi phản ánh", slug="phan-anh", answers_page=answers))
        moderator = get_user_model().objects.create_superuser("kiemduyet", "kd@example.invalid", "x")
        item = receive(phone="0912 999 888", full_name="Nguyễn Thị Riêng Tư")
        workflow.accept(item, moderator)
        workflow.give_answer(item, moderator, "Hồ sơ đã được giải quyết.")
        workflow.publish(item, moderator)
        cls.answer_path = f"/hoi-dap/{item.pk}/"
        poll = Poll.objects.create(question="Bạn hài lòng không?")
        PollChoice.objects.create(poll=poll, label="Có", sort_order=0)
        add(home, PollPage(title="Bình chọn", slug="binh-chon", poll=poll, intro="Mời bạn cho ý kiến."))

    # (path, JSON-LD @type, og:type)
    PAGES = [
        ("/tin-tuc/", "CollectionPage", "website"),
        ("/tin-tuc/par-index/", "NewsArticle", "article"),
        ("/thu-tuc/", "CollectionPage", "website"),
        ("/thu-tuc/dang-ky-khai-sinh/", "GovernmentService", "website"),
        ("/van-ban/", "CollectionPage", "website"),
        ("/van-ban/ke-hoach-2026/", "DigitalDocument", "website"),
        ("/chi-so/", "WebPage", "website"),
        ("/danh-ba/", "GovernmentOrganization", "website"),
        ("/danh-ba/nguyen-van-an/", "Person", "profile"),
        ("/danh-ba/don-vi/so-noi-vu/", "GovernmentOrganization", "website"),
        ("/hoi-dap/", "CollectionPage", "website"),
        ("/phan-anh/", "WebPage", "website"),
        ("/binh-chon/", "WebPage", "website"),
    ]

    def head(self, path, host="testserver"):
        response = self.client.get(path, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, path)
        return Head(response.content.decode())

    def test_every_page_type_has_description_canonical_open_graph_and_json_ld(self):
        for path, schema_type, og_type in self.PAGES:
            with self.subTest(path=path):
                head = self.head(path)
                url = f"http://testserver{path}"
                self.assertEqual(len(head.descriptions), 1)
                self.assertTrue(head.descriptions[0].strip())
                self.assertEqual(head.canonicals, [url])
                self.assertEqual(head.og["og:url"], url)
                self.assertEqual(head.og["og:type"], og_type)
                self.assertEqual(head.og["og:locale"], "vi_VN")
                self.assertTrue(head.og["og:title"] and head.og["og:description"])
                data = [json.loads(text) for text in head.jsonld]
                self.assertEqual([item["@type"] for item in data], [schema_type])
                self.assertEqual(data[0]["@context"], "https://schema.org")

    def test_urls_follow_the_host_the_reader_used(self):
        for path, _schema_type, _og_type in self.PAGES:
            with self.subTest(path=path):
                head = self.head(path, host=OTHER_HOST)
                url = f"http://{OTHER_HOST}{path}"
                self.assertEqual(head.canonicals, [url])
                self.assertEqual(head.og["og:url"], url)
                text = "".join(head.jsonld) + json.dumps(head.og)
                self.assertNotIn("testserver", text)
                self.assertNotIn("localhost", text)

    def test_a_published_answer_is_a_qa_page_without_the_citizens_details(self):
        head = self.head(self.answer_path)
        (data,) = [json.loads(text) for text in head.jsonld]
        self.assertEqual(data["@type"], "QAPage")
        self.assertEqual(data["mainEntity"]["@type"], "Question")
        self.assertEqual(data["mainEntity"]["acceptedAnswer"]["text"], "Hồ sơ đã được giải quyết.")
        self.assertEqual(head.canonicals, [f"http://testserver{self.answer_path}"])
        text = json.dumps(data, ensure_ascii=False) + json.dumps(head.og, ensure_ascii=False)
        self.assertNotIn("Riêng Tư", text)
        self.assertNotIn("0912", text)

    def test_news_article_json_ld_and_sharing_image(self):
        head = self.head("/tin-tuc/par-index/", host=OTHER_HOST)
        data = json.loads(head.jsonld[0])
        url = f"http://{OTHER_HOST}/tin-tuc/par-index/"
        self.assertEqual(data["headline"], "Sở Nội vụ công bố chỉ số PAR INDEX")
        self.assertEqual(data["datePublished"], "2026-03-02T08:30:00+07:00")
        self.assertGreaterEqual(data["dateModified"], data["datePublished"])
        self.assertEqual(data["mainEntityOfPage"], {"@type": "WebPage", "@id": url})
        self.assertEqual(data["author"], {"@type": "Person", "name": "T.H"})
        self.assertEqual(data["publisher"], {"@type": "GovernmentOrganization", "name": "Sở Nội vụ"})
        self.assertTrue(data["image"][0].startswith(f"http://{OTHER_HOST}/") and data["image"][0].endswith(".png"))
        self.assertEqual(head.og["og:image"], data["image"][0])
        self.assertEqual(head.descriptions, ["Kết quả chỉ số cải cách hành chính năm 2025 của tỉnh."])
        self.assertEqual(head.og["og:title"], "Sở Nội vụ công bố chỉ số PAR INDEX")

    def test_editors_search_description_is_the_only_description(self):
        """The stock base.html prints search_description itself; the apps then add none of their own."""
        self.article.search_description = "Mô tả do biên tập viên viết."
        self.article.save_revision().publish()
        head = self.head("/tin-tuc/par-index/")
        self.assertEqual(head.descriptions, ["Mô tả do biên tập viên viết."])
        self.assertEqual(head.og["og:description"], "Mô tả do biên tập viên viết.")

    def test_print_view_gives_the_address_on_the_readers_host(self):
        response = self.client.get("/tin-tuc/par-index/ban-in/", HTTP_HOST=OTHER_HOST)
        html = response.content.decode()
        self.assertIn(f"<span>http://{OTHER_HOST}/tin-tuc/par-index/</span>", html)
        self.assertIn(f'<link rel="canonical" href="http://{OTHER_HOST}/tin-tuc/par-index/">', html)
        self.assertNotIn("localhost", html)

    def test_an_unknown_sub_page_is_not_indexed(self):
        response = self.client.get("/danh-ba/khong-co-ai/")
        self.assertEqual(response.status_code, 404)
        head = Head(response.content.decode())
        self.assertEqual((head.canonicals, head.jsonld), ([], []))
