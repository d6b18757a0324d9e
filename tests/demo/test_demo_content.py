"""The demo loader builds the seed portal once, however often it runs."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from cchc_pages.models import Counter, NewsArticlePage, NewsCategory, NewsTag


@pytest.fixture
def loaded(db):
    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        NewsCategory.objects.count(),
        NewsTag.objects.count(),
        Counter.objects.count(),
        sorted(NewsArticlePage.objects.values_list("slug", flat=True)),
    )


def test_running_twice_creates_nothing_twice(loaded):
    before = snapshot()
    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))
    assert snapshot() == before
    # Seed 003 (Kế hoạch 892/KH-UBND) is a document page, not news: see test_contacts_demo.py.
    assert NewsArticlePage.objects.live().count() == 4


def test_seed_articles_keep_their_dates_and_bylines(loaded):
    bac_lieu = NewsArticlePage.objects.get(title__startswith="Thành phố Bạc Liêu")
    assert bac_lieu.byline == "Mị Nương"
    assert timezone.localtime(bac_lieu.date) == timezone.make_aware(datetime.datetime(2017, 4, 15, 10, 0))
    assert bac_lieu.view_count() == 786
    bac_ninh = NewsArticlePage.objects.get(title__startswith="Phổ biến, tuyên truyền")
    assert bac_ninh.byline == "S.T"
    assert bac_ninh.source == "Báo Bắc Ninh"
    assert bac_ninh.featured_image is not None
    assert bac_ninh.featured_image_caption.startswith("Chuyên mục cải cách hành chính")
    assert all(block.block_type == "paragraph" for block in bac_ninh.body)


def test_demo_pages_render(client, loaded):
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Tin tức cải cách hành chính" in html  # menu
    assert "1800 1096" in html  # hotline widget
    assert "5.164.377" in html  # site visit counter, from seed 002
    for article in NewsArticlePage.objects.all():
        assert client.get(article.url).status_code == 200
