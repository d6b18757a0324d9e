"""Feeds, sitemap and diacritic-insensitive search."""

import xml.etree.ElementTree as ET

from cchc_pages.models import search_articles


def test_rss_feed_of_section_category_and_tag(client, news_index, make_article, category):
    make_article(title="Tin có chuyên mục", categories=[category], byline="S.T", sapo="Tóm tắt.")
    make_article(title="Tin có từ khóa", tags=["một cửa"])
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = {i.findtext("title"): i for i in channel.findall("item")}
    assert set(items) == {"Tin có chuyên mục", "Tin có từ khóa"}
    assert items["Tin có chuyên mục"].findtext("link").startswith("http://testserver/tin-tuc/")
    assert items["Tin có chuyên mục"].findtext("description") == "Tóm tắt."

    by_category = ET.fromstring(client.get(f"/tin-tuc/chuyen-muc/{category.slug}/rss/").content)
    assert [i.findtext("title") for i in by_category.iter("item")] == ["Tin có chuyên mục"]
    by_tag = ET.fromstring(client.get("/tin-tuc/the/mot-cua/rss/").content)
    assert [i.findtext("title") for i in by_tag.iter("item")] == ["Tin có từ khóa"]


def test_atom_feed(client, news_index, make_article, category):
    make_article(title="Tin Atom", categories=[category])
    for url in ("/tin-tuc/atom/", f"/tin-tuc/chuyen-muc/{category.slug}/atom/"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        entries = ET.fromstring(response.content).findall("{http://www.w3.org/2005/Atom}entry")
        assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == ["Tin Atom"]


def test_index_advertises_its_feed(client, news_index, make_article):
    html = client.get("/tin-tuc/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/tin-tuc/rss/"' in html


def test_sitemap_lists_articles(client, news_index, make_article):
    article = make_article(title="Tin trong sơ đồ trang")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert f"http://testserver{article.url}" in response.content.decode()


def test_search_ignores_diacritics_and_case(news_index, make_article):
    wanted = make_article(title="Cải cách hành chính ở Bạc Liêu", sapo="Tuyên truyền sâu rộng.")
    make_article(title="Tin thể thao", sapo="Không liên quan.")
    for query in ("cai cach hanh chinh", "CẢI CÁCH HÀNH CHÍNH", "Cai Cach Hanh Chinh", "bac lieu", "tuyen truyen"):
        assert [p.pk for p in search_articles(query)] == [wanted.pk], query


def test_search_maps_d_bar(news_index, make_article):
    wanted = make_article(title="Đánh giá thái độ tiếp công dân của cán bộ Một cửa")
    assert [p.pk for p in search_articles("danh gia thai do")] == [wanted.pk]
    assert [p.pk for p in search_articles("đánh giá")] == [wanted.pk]


def test_search_finds_words_in_the_body(news_index, make_article):
    wanted = make_article(
        title="Kế hoạch năm 2021",
        body=[{"type": "paragraph", "value": "<p>Dịch vụ bưu chính công ích</p>"}],
    )
    assert [p.pk for p in search_articles("buu chinh cong ich")] == [wanted.pk]


def test_search_page_shows_results_and_counts(client, news_index, make_article):
    make_article(title="Cải cách hành chính ở Bạc Liêu")
    response = client.get("/cchc/tim-kiem/", {"q": "cai cach hanh chinh"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cải cách hành chính ở Bạc Liêu" in html
    assert client.get("/cchc/tim-kiem/", {"q": "khong co gi"}).status_code == 200


def test_section_search_stays_in_the_section(client, news_index, make_article):
    make_article(title="Cải cách hành chính ở Bạc Liêu")
    html = client.get("/tin-tuc/", {"q": "bac lieu"}).content.decode()
    assert "Cải cách hành chính ở Bạc Liêu" in html
