"""manage.py cchc_uninstall: what it lists without --yes, what it deletes with it, and when it refuses.
(tests/stock_site/check.py runs it on a stock site, followed by the migrations to zero.)"""

import io

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from wagtail.models import Page, ReferenceIndex, Revision

from cchc_pages.models import ContactCard, Hotline, NewsArticlePage, NewsIndexPage, OrganisationUnit
from feedback.models import Ballot, BallotChoice, Poll, PollChoice, PollPage

APP_LABELS = ("cchc_pages", "cchc_feedback")


def apps_rows():
    return {
        model._meta.label: model._default_manager.count()
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        # Unmanaged: the folded search index (SQLite only), which indexes the rest of the site too.
        if model._meta.managed and model._default_manager.count()
    }


@pytest.fixture
def content(home, make_article, category):
    make_article(categories=[category], tags=["cải cách"])
    department = OrganisationUnit.objects.create(name="Sở Nội vụ")
    OrganisationUnit.objects.create(name="Phòng CCHC", parent=department)  # protects its parent
    ContactCard.objects.create(name="Nguyễn Văn An", position="Giám đốc", unit=department)
    Hotline.objects.create(label="Đường dây nóng", number="0209 3870 999")
    poll = Poll.objects.create(question="Hài lòng?")
    choice = PollChoice.objects.create(poll=poll, label="Có")
    PollChoice.objects.create(poll=poll, label="Không")
    ballot = Ballot.objects.create(poll=poll, nonce="n1")
    BallotChoice.objects.create(ballot=ballot, choice=choice)  # protects the answer
    page = home.add_child(instance=PollPage(title="Bình chọn", poll=poll))  # protects the poll
    page.save_revision().publish()
    return home


def test_without_yes_it_only_lists(content):
    out = io.StringIO()
    call_command("cchc_uninstall", stdout=out)
    assert "Would delete 3 page(s)" in out.getvalue()
    assert "1 cchc_pages.NewsArticlePage" in out.getvalue() and "2 cchc_pages.OrganisationUnit" in out.getvalue()
    assert "Nothing deleted" in out.getvalue()
    assert NewsArticlePage.objects.count() == 1 and Ballot.objects.count() == 1


def test_with_yes_every_page_and_row_of_the_apps_goes_and_the_rest_stays(content):
    cchc_types = ContentType.objects.filter(app_label__in=APP_LABELS)
    assert Revision.objects.filter(content_type__in=cchc_types).exists()
    out = io.StringIO()
    call_command("cchc_uninstall", "--yes", stdout=out)
    assert "Deleted 3 page(s)" in out.getvalue() and "1 cchc_feedback.Ballot" in out.getvalue()
    assert apps_rows() == {}
    assert not Page.objects.filter(content_type__in=cchc_types).exists()
    assert not Revision.objects.filter(content_type__in=cchc_types).exists()
    assert not ReferenceIndex.objects.filter(content_type__in=cchc_types).exists()
    assert Page.objects.filter(pk=content.pk).exists()  # the home page stays
    call_command("cchc_uninstall", "--yes", stdout=io.StringIO())  # a second run finds nothing and passes


def test_refuses_when_a_page_of_another_type_would_go_with_them(home, news_index):
    news_index.add_child(instance=Page(title="Trang lạc chỗ", slug="lac-cho"))  # a wagtailcore page
    with pytest.raises(CommandError, match="Trang lạc chỗ"):
        call_command("cchc_uninstall", "--yes", stdout=io.StringIO())
    assert NewsIndexPage.objects.exists()


def test_refuses_when_a_cchc_page_is_a_site_root(home, news_index):
    from wagtail.models import Site

    Site.objects.create(hostname="tin.example.invalid", root_page=news_index)
    with pytest.raises(CommandError, match="root page"):
        call_command("cchc_uninstall", "--yes", stdout=io.StringIO())
    assert NewsIndexPage.objects.exists()
