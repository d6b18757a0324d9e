"""Page-type rules and rendering through Wagtail's own test utilities."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cchc_pages.models import NewsArticlePage, NewsIndexPage


class NewsPageRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = root.add_child(instance=Page(title="Trang chủ", slug="trang-chu-test"))
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        cls.index = cls.home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
        cls.article = cls.index.add_child(
            instance=NewsArticlePage(title="Đánh giá thái độ phục vụ", sapo="Kết quả khảo sát.")
        )

    def test_articles_live_only_under_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsArticlePage, {NewsIndexPage})
        self.assertCanCreateAt(NewsIndexPage, NewsArticlePage)
        self.assertCanNotCreateAt(Page, NewsArticlePage)

    def test_news_index_holds_only_articles(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsArticlePage})
        self.assertAllowedSubpageTypes(NewsArticlePage, set())

    def test_pages_render(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.article)
        self.assertPageIsRoutable(self.index, "chuyen-muc/x/")
        self.assertPageIsRoutable(self.article, "ban-in/")

    def test_pages_are_editable_and_previewable(self):
        self.login()
        data = article_form_data(title="Đánh giá thái độ phục vụ", slug=self.article.slug)
        self.assertPageIsEditable(self.article, post_data=data)
        self.assertPageIsPreviewable(self.article, post_data=data)

    def test_editor_can_create_an_article_in_the_admin(self):
        self.login()
        self.assertCanCreate(
            self.index,
            NewsArticlePage,
            article_form_data(
                title="Tin mới từ bộ phận một cửa",
                slug="tin-moi-tu-bo-phan-mot-cua",
                tags="một cửa, dịch vụ công",
            ),
        )
        created = NewsArticlePage.objects.get(slug="tin-moi-tu-bo-phan-mot-cua")
        self.assertEqual(sorted(created.tags.names()), ["dịch vụ công", "một cửa"])


def article_form_data(**fields):
    """What the admin's article form posts, with one paragraph in the body."""
    data = {
        "title": "",
        "slug": "",
        "sapo": "Bộ phận một cửa tiếp nhận hồ sơ trực tuyến.",
        "date": "2024-03-05 09:30:00",
        "byline": "S.T",
        "source": "",
        "featured_image_caption": "",
        "tags": "",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung bài viết.</p>"))]),
        "related_links": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)
