""" "Thông tin này có hữu ích không?": the form on cached pages, answering with and without
JavaScript, refusals, what is stored, and the admin's ranking and downloads."""

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from cchc_pages.caching.page_cache import HEADER
from cchc_pages.ratings import recording
from cchc_pages.ratings.models import PageRating

QUESTION = "Thông tin này có hữu ích không?"
THANKS = "Cảm ơn bạn: câu trả lời của bạn giúp chúng tôi hoàn thiện trang này."


@pytest.fixture
def article(make_article):
    return make_article(title="Cải cách thủ tục cấp phép xây dựng")


def ticket(client, page):
    response = client.get(f"/cchc/huu-ich/{page.pk}/token/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()["token"]


def send(client, page, token=None, **data):
    data.setdefault("useful", "0")
    data = {"token": ticket(client, page) if token is None else token, **data}
    return client.post(f"/cchc/huu-ich/{page.pk}/gui/", data, HTTP_ACCEPT="application/json")


def test_the_question_is_under_every_page_and_survives_the_page_cache(client, settings, news_index, article):
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    for page in (news_index, article):
        first = client.get(page.url)
        second = client.get(page.url)
        assert second[HEADER] == "hit"
        html = second.content.decode()
        assert QUESTION in html
        assert f'action="/cchc/huu-ich/{page.pk}/"' in html
        assert f'data-token-url="/cchc/huu-ich/{page.pk}/token/"' in html
        assert "csrfmiddlewaretoken" not in html  # nothing per reader in a shared page
        assert first.content == second.content
        for reason in ("Thông tin chưa đầy đủ", "Khó hiểu", "Thông tin đã cũ hoặc chưa chính xác"):
            assert reason in html


def test_answer_in_place_stores_the_answer_and_nothing_about_the_reader(client, article):
    response = send(client, article, useful="0", reason="kho-hieu", comment="  Nên giải thích rõ lệ phí.  ")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": THANKS}
    cookie = response.cookies[recording.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    rating = PageRating.objects.get()
    assert (rating.page_id, rating.useful, rating.reason, rating.comment) == (
        article.pk,
        False,
        "kho-hieu",
        "Nên giải thích rõ lệ phí.",
    )
    # What a stored answer holds: no address, user, cookie or browser field exists to fill.
    assert {f.name for f in PageRating._meta.get_fields()} == {
        "id",
        "page",
        "useful",
        "reason",
        "comment",
        "nonce",
        "created_at",
    }
    # The same browser answers once per page; the token endpoint says so.
    again = send(client, article, useful="1")
    assert again.status_code == 409
    assert again.json()["error"] == "Bạn đã đánh giá trang này. Xin cảm ơn."
    assert client.get(f"/cchc/huu-ich/{article.pk}/token/").json()["rated"] is True
    assert PageRating.objects.count() == 1


def test_a_reason_is_kept_with_no_only(client, article):
    assert send(client, article, useful="1", reason="thieu").status_code == 200
    assert PageRating.objects.get().reason == ""


def test_a_form_is_sent_once_even_from_another_browser(client, article):
    token = ticket(client, article)
    assert send(client, article, token=token).status_code == 200
    replay = send(Client(), article, token=token)
    assert replay.status_code == 409
    assert "chỉ gửi được một lần" in replay.json()["error"]
    assert PageRating.objects.count() == 1


def test_without_javascript_confirm_send_and_thank(client, article):
    form = client.post(f"/cchc/huu-ich/{article.pk}/", {"useful": "0", "reason": "cu-sai", "comment": "Số liệu cũ"})
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    html = form.content.decode()
    assert article.title in html
    assert re.search(r'value="0" checked', html) and re.search(r'value="cu-sai" checked', html)
    assert "Số liệu cũ</textarea>" in html
    assert PageRating.objects.count() == 0  # the confirmation records nothing
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    sent = client.post(
        f"/cchc/huu-ich/{article.pk}/gui/", {"token": token, "useful": "0", "reason": "cu-sai", "comment": "Số liệu cũ"}
    )
    assert sent.status_code == 303
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200
    assert THANKS in thanks.content.decode()
    assert f'href="{article.url}"' in thanks.content.decode()
    assert PageRating.objects.get().reason == "cu-sai"
    # Back on the confirmation page the browser is told it has answered.
    assert "Bạn đã đánh giá trang này" in client.get(f"/cchc/huu-ich/{article.pk}/").content.decode()


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"useful": ""}, 400, "Vui lòng cho biết thông tin này có hữu ích không"),
        ({"useful": "có"}, 400, "Vui lòng cho biết thông tin này có hữu ích không"),
        ({"reason": "bad"}, 400, "Lý do đã chọn không có trong danh sách."),
        ({"comment": "x" * 501}, 400, "Góp ý của bạn dài 501 ký tự; vui lòng rút gọn còn tối đa 500 ký tự."),
        ({"comment": "a\x00b"}, 400, "ký tự không lưu được"),
        ({"token": ""}, 400, "Biểu mẫu đã hết hạn hoặc chưa đầy đủ"),
        ({"token": "giả-mạo"}, 403, "Biểu mẫu không hợp lệ"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_stored(client, article, data, status, message):
    response = send(client, article, **data)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert PageRating.objects.count() == 0
    # The plain form shows the same refusal as a page.
    plain = client.post(f"/cchc/huu-ich/{article.pk}/gui/", {"token": ticket(client, article), "useful": "0", **data})
    assert plain.status_code == status
    assert message in plain.content.decode()
    assert PageRating.objects.count() == 0


def test_a_ticket_of_another_page_an_unknown_page_and_a_draft_are_refused(client, news_index, article, make_article):
    response = send(client, article, token=ticket(client, news_index))
    assert response.status_code == 403
    assert "thuộc về một trang khác" in response.json()["error"]
    draft = make_article(title="Bản nháp")
    draft.unpublish()
    for url in (f"/cchc/huu-ich/{draft.pk}/token/", "/cchc/huu-ich/999999/token/", "/cchc/huu-ich/999999/"):
        refused = client.get(url)
        assert refused.status_code == 404
        assert "không tồn tại hoặc chưa được xuất bản" in refused.content.decode()
    assert client.get(f"/cchc/huu-ich/{article.pk}/gui/").status_code == 405
    assert PageRating.objects.count() == 0


def test_an_answer_from_another_site_is_refused(client, article):
    response = client.post(
        f"/cchc/huu-ich/{article.pk}/gui/",
        {"token": ticket(client, article), "useful": "1"},
        HTTP_ACCEPT="application/json",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert "trang web khác" in response.json()["error"]
    assert PageRating.objects.count() == 0


def test_one_address_has_an_hourly_allowance(settings, news_index, make_article):
    settings.CCHC_RATING_MAX_PER_ADDRESS = 2
    pages = [make_article() for _ in range(3)]
    statuses = [send(Client(), page).status_code for page in pages]
    assert statuses == [200, 200, 429]
    assert PageRating.objects.count() == 2


def test_one_browser_rates_several_pages_once_each(client, news_index, article):
    assert [send(client, page).status_code for page in (article, news_index)] == [200, 200]
    assert [send(client, page).status_code for page in (article, news_index)] == [409, 409]
    assert PageRating.objects.count() == 2


# --- the admin -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bientap", "b@example.invalid", "x")
    client.force_login(user)
    return client


def rate(page, answers, when=None):
    """Store answers ("+" useful, "-" not) directly, as the views would."""
    when = when or timezone.now()
    for i, mark in enumerate(answers):
        PageRating.objects.create(
            page=page,
            useful=mark == "+",
            reason="" if mark == "+" else ("thieu" if i % 2 == 0 else "kho-hieu"),
            comment=f"Góp ý {i}" if mark == "-" else "",
            nonce=f"{page.pk}-{when.timestamp()}-{i}",
            created_at=when,
        )


def test_the_ranking_lists_the_least_useful_pages_first(admin_client, make_article, django_assert_max_num_queries):
    good = make_article(title="Trang rất hữu ích")
    bad = make_article(title="Trang khó hiểu")
    middling = make_article(title="Trang tạm được")
    few = make_article(title="Trang mới có một ý kiến")
    make_article(title="Trang chưa ai đánh giá")
    rate(good, "++++")
    rate(bad, "-+--")
    rate(middling, "++-")
    rate(few, "-")
    response = admin_client.get("/admin/cchc-huu-ich/")
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(title) for title in ("Trang khó hiểu", "Trang tạm được", "Trang rất hữu ích")]
    assert order == sorted(order)
    assert html.index("Trang rất hữu ích") < html.index("Trang mới có một ý kiến")  # too few answers to rank
    assert "Trang chưa ai đánh giá" not in html
    assert "25 %" in html and "Thông tin chưa đầy đủ" in html

    # The listing's queries do not grow with the pages listed.
    for i in range(6):
        rate(make_article(title=f"Trang thêm {i}"), "+-+")
    with django_assert_max_num_queries(25):
        assert admin_client.get("/admin/cchc-huu-ich/").status_code == 200


def test_the_ranking_downloads_for_a_date_range(admin_client, make_article):
    page = make_article(title="Thủ tục đăng ký khai sinh")
    rate(page, "--+", when=timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0)))
    rate(page, "++++", when=timezone.make_aware(datetime.datetime(2026, 6, 10, 9, 0)))
    march = admin_client.get("/admin/cchc-huu-ich/?rated_from=2026-03-01&rated_to=2026-03-31&export=csv")
    assert march.status_code == 200
    assert march["Content-Disposition"] == 'attachment; filename="danh-gia-huu-ich.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(march.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Trang",
        "Địa chỉ",
        "Số câu trả lời",
        "Hữu ích",
        "Không hữu ích",
        "Tỷ lệ hữu ích",
        "Lý do được nêu nhiều nhất",
    ]
    assert rows[1][0] == "Thủ tục đăng ký khai sinh"
    assert rows[1][2:5] == ["3", "1", "2"]

    whole = admin_client.get("/admin/cchc-huu-ich/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(whole.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Thủ tục đăng ký khai sinh" and values[1][2:5] == (7, 5, 2)

    backwards = admin_client.get("/admin/cchc-huu-ich/?rated_from=2026-04-01&rated_to=2026-03-01&export=csv")
    assert backwards.status_code == 400
    assert "Ngày kết thúc đứng trước ngày bắt đầu." in backwards.content.decode()
    garbage = admin_client.get("/admin/cchc-huu-ich/?rated_from=hôm-qua&export=xlsx")
    assert garbage.status_code == 400


def test_one_pages_answers_with_reasons_and_comments(admin_client, make_article):
    page = make_article(title="Thủ tục cấp thẻ căn cước")
    rate(page, "-+-")
    response = admin_client.get(f"/admin/cchc-huu-ich/{page.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mức độ hữu ích: Thủ tục cấp thẻ căn cước" in html
    assert "3 câu trả lời: 1 hữu ích, 2 không hữu ích (33 % hữu ích)." in html
    assert "Góp ý 0" in html and "Góp ý 2" in html
    export = admin_client.get(f"/admin/cchc-huu-ich/{page.pk}/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Thời điểm đánh giá", "Câu trả lời", "Lý do", "Góp ý"]
    assert sorted(row[1] for row in rows[1:]) == ["Có", "Không", "Không"]
    assert admin_client.get("/admin/cchc-huu-ich/999999/").status_code == 404


def test_the_answers_need_their_permission(client, django_user_model, make_article):
    page = make_article()
    rate(page, "-")
    editor = django_user_model.objects.create_user("editor", "e@example.invalid", "x")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in ("/admin/cchc-huu-ich/", f"/admin/cchc-huu-ich/{page.pk}/", "/admin/cchc-huu-ich/?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Góp ý 0" not in response.content.decode()
    editor.user_permissions.add(Permission.objects.get(codename="view_pagerating"))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    assert client.get(f"/admin/cchc-huu-ich/{page.pk}/").status_code == 200
