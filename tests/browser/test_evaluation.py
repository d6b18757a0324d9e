"""A citizen rates a dossier on a phone: from the desk QR's page to the one-stop evaluation form
(TT 01/2018/TT-VPCP), answers the five citizen indicators, and is refused a second rating."""

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

DOSSIER = "H40.23-261120-0007"


def test_rate_a_dossier_on_a_phone(mobile_page, demo_site, shot):
    from feedback.models import DossierEvaluation

    page = mobile_page
    page.goto(demo_site.url + "/cchc/danh-gia/quay-2/")  # the desk QR of counter 2
    page.get_by_role("link", name="Đánh giá việc giải quyết hồ sơ của ông/bà").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá việc giải quyết hồ sơ của ông/bà")
    expect(page.get_by_text("Quầy số 2", exact=True)).to_be_visible()
    page.get_by_label("Mã hồ sơ").fill(DOSSIER.lower())
    shot(page, "asks-the-code")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đánh giá hồ sơ {DOSSIER}")
    attitude = page.get_by_role(
        "group",
        name="Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, tiếp nhận hồ sơ "
        "và giải quyết hồ sơ thủ tục hành chính",
    )
    attitude.get_by_label("Chuẩn mực, nhiệt tình").check()
    page.get_by_label("Không phải liên hệ lần nào để hoàn thiện hồ sơ").check()
    page.get_by_label("Không phải liên hệ với cơ quan, đơn vị, tổ chức nào").check()
    page.get_by_label("Công khai đầy đủ, đúng quy định").check()
    page.get_by_label("Được tiếp thu, giải trình nhưng chưa kịp thời, chưa đầy đủ").check()
    shot(page, "answers")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("đánh giá về hồ sơ này đã được ghi nhận")
    shot(page, "thanks")
    evaluation = DossierEvaluation.objects.get(dossier_code=DOSSIER)
    assert (evaluation.i3, evaluation.i4, evaluation.i6, evaluation.i7, evaluation.i8) == (2, 2, 2, 2, 1)
    assert evaluation.target.code == "quay-2" and evaluation.i1 is None

    page.goto(demo_site.url + f"/cchc/danh-gia-ho-so/?ma-ho-so={DOSSIER}")  # the receipt's link, again
    expect(page.get_by_role("alert")).to_contain_text("Mỗi hồ sơ chỉ được đánh giá một lần")
    expect(page.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)
    page.goto(demo_site.url + "/cchc/danh-gia-ho-so/ket-qua/")
    expect(page.get_by_role("heading", name="Theo quầy và cán bộ")).to_be_visible()
    shot(page, "published-results")


def test_the_form_and_results_on_a_desktop(page, demo_site, shot):
    page.goto(demo_site.url + "/cchc/danh-gia-ho-so/?ma-ho-so=H40.22-261125-0009&quay=quay-1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá hồ sơ H40.22-261125-0009")
    expect(page.locator("fieldset.cchc-evaluation__indicator")).to_have_count(5)
    shot(page, "form")
    page.goto(demo_site.url + "/cchc/danh-gia-ho-so/ket-qua/")
    expect(page.get_by_role("row", name="Quầy số 1").first).to_be_visible()
    shot(page, "results")
