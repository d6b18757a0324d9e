"""The editors' guide (docs/huong-dan-bien-tap.md), step by step in the demo's admin: an editor who
is also a moderator, with the permissions of the README's install step 8 and no more, publishes a
news article, imports procedures, opens a contact card and the documents, reads a poll's results
and handles a citizen's submission; each step asserts what the guide says the editor sees, in
Vietnamese, and saves a 1280×800 screenshot named after the step.

The screenshots go to test-artifacts/huong-dan/ (ignored by git), or, with CCHC_DOCS_SCREENSHOTS=1,
to docs/images/huong-dan/, the guide's own images: refresh them that way and commit them, so CI
never rewrites tracked files.
"""

import json
import os
import re
from pathlib import Path

import pytest

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME
from .test_journeys import log_in, open_promote_tab, start_news_article

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "huong-dan-bien-tap.md"
GUIDE_IMAGES = REPO / "docs" / "images" / "huong-dan"
ARTIFACTS = REPO / "test-artifacts" / "huong-dan"
SCREEN = {"width": 1280, "height": 800}
# The steps of the guide, in order: each saves <step>.png, which the guide shows.
STEPS = [
    "01-dang-nhap",
    "02-soan-tin",
    "03-xuat-ban-tin",
    "04-nhap-thu-tuc",
    "05-the-lien-he",
    "06-van-ban",
    "07-ket-qua-binh-chon",
    "08-danh-sach-phan-anh",
    "09-thu-ly-phan-anh",
    "10-cong-khai-tra-loi",
]
TITLE = "Công bố Chỉ số hài lòng của người dân năm 2026"
ANSWER = (
    "Trung tâm Phục vụ hành chính công tỉnh đã tiếp thu, bổ sung hướng dẫn tại quầy và trên Cổng dịch vụ công "
    "để người dân được hướng dẫn đầy đủ một lần."
)
# A file as a department exports it from the national database: one good record, one with an error.
PROCEDURES = [
    {
        "MATTHC": "2.002621",
        "TENTTHC": "Đăng ký khai tử",
        "CAPTHUCHIEN": ["XA"],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "HT", "TENLINHVUC": "Hộ tịch"}],
        "COQUANTHUCHIEN": {"MADONVI": "UBNDX", "TENDONVI": "Ủy ban nhân dân cấp xã"},
    },
    {
        "MATTHC": "2.002622",
        "TENTTHC": "Đăng ký giám hộ",
        "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": [{"TENGIAYTO": "Tờ khai", "SOBANCHINH": "hai"}]}],
    },
]


def screenshots_folder():
    return GUIDE_IMAGES if os.environ.get("CCHC_DOCS_SCREENSHOTS") == "1" else ARTIFACTS


@pytest.fixture
def shot_step():
    folder = screenshots_folder()
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def take(page, step):
        assert step in STEPS, f"{step} is not a step of the guide"
        page.screenshot(path=str(folder / f"{step}.png"))  # the viewport: 1280×800
        taken.append(step)

    yield take
    assert taken == STEPS[: len(taken)], f"steps out of order: {taken}"


@pytest.fixture
def editor_moderator(demo_site):
    """An editor who also moderates feedback: a group with the permissions of install step 8."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    group = Group.objects.create(name="Biên tập viên CCHC")
    wanted = {
        "wagtailadmin": ["access_admin"],
        "cchc_feedback": ["moderate_submission", "add_poll", "change_poll", "delete_poll", "view_poll"],
        "cchc_pages": [
            "add_procedurepage",
            "add_contactcard",
            "change_contactcard",
            "view_contactcard",
            "add_organisationunit",
            "change_organisationunit",
            "view_organisationunit",
            "add_hotline",
            "change_hotline",
            "view_hotline",
            "add_proceduresector",
            "change_proceduresector",
            "view_proceduresector",
        ],
        "wagtaildocs": ["add_document", "change_document", "choose_document"],
        "wagtailimages": ["add_image", "change_image", "choose_image"],
    }
    for app, codenames in wanted.items():
        found = Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
        assert found.count() == len(codenames), f"missing permissions of {app}: {codenames}"
        group.permissions.add(*found)
    home = Page.objects.get(depth=2, locale__language_code="vi")  # the English home page is its translation
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    user = get_user_model().objects.create_user(
        ADMIN_USERNAME, "bientap@example.invalid", ADMIN_PASSWORD, first_name="Lan", last_name="Nguyễn Thị"
    )
    user.groups.add(group)
    return user


def sidebar(page):
    return page.get_by_role("navigation", name=re.compile("Main menu|Menu chính"))


def open_menu(page, item, group=None):
    """Click an item of the admin's sidebar menu, opening its group first:
    open_menu(page, "Thẻ liên hệ cán bộ", group="Danh bạ")."""
    if group:
        sidebar(page).get_by_role("button", name=group, exact=True).click()
    sidebar(page).get_by_role("link", name=item, exact=True).click()


def test_the_editors_guide_step_by_step(new_context, demo_site, editor_moderator, shot_step, tmp_path, settings):
    from cchc_pages.models import DocumentIndexPage, ProcedurePage
    from feedback.models import Poll, Status, Submission

    settings.CCHC_FEEDBACK_PRIVATE_ROOT = str(tmp_path / "private")
    page = new_context(viewport=SCREEN).new_page()

    # 1. Log in: the dashboard counts citizens' submissions per status and lists the overdue ones.
    log_in(page, demo_site)
    expect(page.get_by_text("Phản ánh, kiến nghị").first).to_be_visible()
    shot_step(page, "01-dang-nhap")

    # 2-3. Write a news article under "Tin tức cải cách hành chính" and publish it.
    start_news_article(page, demo_site, TITLE)
    page.locator("#id_sapo").fill("Sở Nội vụ công bố kết quả khảo sát sự hài lòng của người dân, tổ chức năm 2026.")
    expect(page.get_by_role("textbox", name="Sa pô (tóm tắt)")).to_be_visible()
    page.locator("#id_title").scroll_into_view_if_needed()
    shot_step(page, "02-soan-tin")
    slug = open_promote_tab(page)
    expect(slug).to_have_value(re.compile(r"^cong-bo-chi-so-hai-long"))
    page.get_by_role("button", name=re.compile("Thêm hành động|More actions", re.I)).click()
    page.get_by_role("button", name=re.compile("^(Xuất bản|Publish)$", re.I)).click()
    expect(page).to_have_url(f"{demo_site.url}/admin/pages/{demo_site.news.pk}/")
    expect(page.get_by_text(TITLE).first).to_be_visible()
    expect(
        page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name=re.compile("live|đang hoạt động", re.I))
    ).to_be_visible()
    shot_step(page, "03-xuat-ban-tin")

    # 4. Import procedures: one record is created, the other is rejected with its position and reason.
    upload = tmp_path / "thu-tuc.json"
    upload.write_text(json.dumps(PROCEDURES, ensure_ascii=False), encoding="utf-8")
    page.goto(demo_site.url + "/admin/")
    open_menu(page, "Nhập thủ tục hành chính")
    expect(page.get_by_role("heading", name="Nhập thủ tục hành chính").first).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Nhập", exact=True).click()
    status = page.get_by_role("status").filter(has_text=re.compile(r"\d"))
    expect(status.first).to_be_visible()
    rejected = page.locator(".cchc-import-report__rejected")
    expect(rejected).to_have_count(1)
    expect(rejected.first).to_contain_text("Bản ghi 2")
    expect(rejected.first).to_contain_text("SOBANCHINH")
    assert ProcedurePage.objects.filter(code="2.002621").exists()
    assert not ProcedurePage.objects.filter(code="2.002622").exists()
    page.locator("#cchc-import-report").scroll_into_view_if_needed()
    shot_step(page, "04-nhap-thu-tuc")

    # 5. A contact card: its contact points, each public or hidden.
    page.goto(demo_site.url + "/admin/")
    open_menu(page, "Thẻ liên hệ cán bộ", group="Danh bạ")
    page.locator("table.listing tbody tr a").first.click()
    public = page.locator("input[name$='is_public']").first
    expect(public).to_be_attached()
    public.evaluate("element => element.scrollIntoView({block: 'center'})")
    shot_step(page, "05-the-lien-he")

    # 6. Documents: the document index in the page explorer, with its documents and "add child page".
    documents = DocumentIndexPage.objects.get()
    page.goto(f"{demo_site.url}/admin/pages/{documents.pk}/")
    expect(page.get_by_text("892/KH-UBND").or_(page.get_by_text(re.compile("Kế hoạch"))).first).to_be_visible()
    shot_step(page, "06-van-ban")

    # 7. A poll's results, from the "Bình chọn" menu.
    poll = Poll.objects.filter(question__startswith="Đánh giá thái độ").first() or Poll.objects.first()
    page.goto(demo_site.url + "/admin/")
    open_menu(page, "Bình chọn", group="Bình chọn")
    expect(page.locator("table.listing")).to_contain_text(poll.question)
    page.get_by_role("row").filter(has_text=poll.question).get_by_role("link", name="Kết quả").click()
    expect(page.get_by_text(poll.question).first).to_be_visible()
    expect(page.locator(".cchc-admin-results")).to_contain_text("Rất hài lòng")
    expect(page.get_by_role("link", name=re.compile(r"\(CSV\)")).first).to_be_visible()
    shot_step(page, "07-ket-qua-binh-chon")

    # 8-10. A citizen's submission: the list (overdue first), accept it, answer it, publish it.
    item = Submission.objects.filter(status=Status.RECEIVED).exclude(consent="none").order_by("received_at").first()
    assert item is not None, "the demo has no received submission that may be published"
    page.goto(demo_site.url + "/admin/")
    open_menu(page, "Phản ánh, kiến nghị", group="Phản ánh, kiến nghị")
    expect(page.get_by_role("link", name=item.code).first).to_be_visible()
    shot_step(page, "08-danh-sach-phan-anh")

    page.get_by_role("link", name=item.code).first.click()
    expect(page.get_by_role("heading", name="Người gửi (dữ liệu cá nhân)")).to_be_visible()
    expect(page.get_by_text(item.full_name).first).to_be_visible()
    expect(page.get_by_role("button", name="Thụ lý")).to_be_visible()
    expect(page.get_by_role("button", name="Từ chối")).to_be_visible()
    page.locator("#fb-actions").scroll_into_view_if_needed()
    shot_step(page, "09-thu-ly-phan-anh")

    page.get_by_role("button", name="Thụ lý").click()
    expect(page.get_by_role("heading", level=2, name=re.compile(re.escape(item.code)))).to_contain_text("Đã thụ lý")
    page.get_by_label("Trả lời", exact=True).fill(ANSWER)
    page.get_by_role("button", name="Gửi trả lời").click()
    page.get_by_role("button", name="Công khai câu hỏi và trả lời").click()
    expect(page.get_by_role("heading", level=2, name=re.compile(re.escape(item.code)))).to_contain_text("Đã công khai")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.answer == ANSWER
    page.locator("#fb-trail").scroll_into_view_if_needed()
    shot_step(page, "10-cong-khai-tra-loi")


@pytest.mark.django_db  # no query; the module's browser fixtures put the Wagtail base back afterwards
def test_the_guide_shows_every_step():
    """The guide shows each step's screenshot, and no image of a step that no longer exists."""
    text = GUIDE.read_text(encoding="utf-8")
    shown = re.findall(r"\]\(images/huong-dan/([\w-]+)\.png\)", text)
    assert shown == STEPS, f"docs/huong-dan-bien-tap.md shows {shown}; the steps are {STEPS}"
