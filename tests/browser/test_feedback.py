"""A citizen's "phản ánh, kiến nghị" in a real browser: submit with an attachment, get the tracking
code, look it up; a moderator answers and publishes it in the admin; the public Q&A shows it with
the citizen reduced to the initials and the ward they chose to be shown by."""

import re

import pytest

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME, MOBILE

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

SUBJECT = "Bộ phận một cửa phường hẹn trả kết quả chứng thực quá muộn"
ANSWER = "Sở Tư pháp đã chấn chỉnh: việc chứng thực bản sao được trả kết quả ngay trong ngày làm việc."


def png_bytes():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 60)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def private_root(settings, tmp_path):
    settings.CCHC_FEEDBACK_PRIVATE_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


def test_submit_track_answer_publish(demo_site, page, new_context, editor, shot, private_root):
    from feedback.models import FeedbackAnswersPage, FeedbackFormPage, Submission

    form_page = FeedbackFormPage.objects.get()
    page.goto(demo_site.url + form_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(form_page.title)
    page.get_by_label("Họ và tên").fill("Trần Văn Bình")
    page.get_by_label("Địa chỉ", exact=True).fill("Số 4 Nha Trang, phường Phan Đình Phùng, tỉnh Thái Nguyên")
    page.get_by_label("Số điện thoại", exact=True).fill("0912 000 111")
    page.get_by_label("Tiêu đề").fill(SUBJECT)
    page.get_by_role("textbox", name="Nội dung", exact=True).fill(
        "Tôi nộp hồ sơ chứng thực bản sao lúc 8 giờ nhưng được hẹn trả sau 3 ngày."
    )
    page.get_by_label("Tệp đính kèm").set_input_files(
        [{"name": "phieu-hen.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_label("Đồng ý công khai câu hỏi và câu trả lời").check()
    page.get_by_label(re.compile("Chữ cái đầu của họ tên")).check()
    page.get_by_label(re.compile("Phường, xã hoặc đặc khu hiển thị")).fill("phường Phan Đình Phùng")
    shot(page, "form-filled")
    page.get_by_role("button", name="Gửi phản ánh").click()

    code_box = page.locator("#fb-code")
    expect(code_box).to_have_text(re.compile(r"^PA-\d{4}-\d{6}-[A-Z2-9]{10}$"))
    code = code_box.inner_text()
    shot(page, "receipt")
    assert Submission.objects.get(code=code).attachments.count() == 1

    page.get_by_role("link", name="Tra cứu phản ánh").click()
    page.get_by_label("Mã phản ánh").fill(code)
    page.get_by_label("Số điện thoại hoặc email đã dùng khi gửi").fill("0912999999")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("alert")).to_contain_text("Không tìm thấy phản ánh")
    page.get_by_label("Số điện thoại hoặc email đã dùng khi gửi").fill("0912000111")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".fb-status")).to_contain_text("Đã tiếp nhận")
    shot(page, "lookup")

    admin = new_context().new_page()
    admin.goto(demo_site.url + "/admin/cchc_feedback/submission/")
    admin.locator("#id_username").fill(ADMIN_USERNAME)
    admin.locator("#id_password").fill(ADMIN_PASSWORD)
    admin.locator("#id_password").press("Enter")
    admin.get_by_role("link", name=code).first.click()
    expect(admin.get_by_text("Trần Văn Bình")).to_be_visible()
    admin.get_by_role("button", name="Thụ lý").click()
    admin.get_by_label("Trả lời", exact=True).fill(ANSWER)
    admin.get_by_role("button", name="Gửi trả lời").click()
    expect(admin.get_by_text("Đã thực hiện")).to_be_visible()
    admin.get_by_role("button", name="Công khai câu hỏi và trả lời").click()
    expect(admin.get_by_role("heading", level=2, name=re.compile(re.escape(code)))).to_contain_text("Đã công khai")
    shot(admin, "admin-published")

    answers = FeedbackAnswersPage.objects.get()
    reader = new_context(MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    reader.goto(demo_site.url + answers.url)
    reader.get_by_label("Tìm trong hỏi đáp").fill("chung thuc ban sao")
    reader.locator("#main").get_by_role("button", name="Tìm kiếm", exact=True).click()
    reader.get_by_role("link", name=SUBJECT).click()
    expect(reader.locator(".fb-answer")).to_contain_text(ANSWER)
    expect(reader.locator(".fb-question")).to_contain_text("Trần V. B., phường Phan Đình Phùng")
    body = reader.locator("body").inner_text()
    assert "Trần Văn Bình" not in body and "0912" not in body
    shot(reader, "public-answer-mobile")
