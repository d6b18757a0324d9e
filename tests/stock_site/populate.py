"""Run inside the stock site by check.py: `python manage.py shell -c "exec(open(PATH).read())"`.

Creates one of every page type and every snippet the cchc apps define, through Wagtail's and the
apps' own APIs (add_child + publish, model saves with their validation), then writes a manifest of
what it made (URLs, ids) to the JSON file named by STOCK_SITE_MANIFEST. Fails, naming the models,
if a page type or snippet model of the apps was not created: a new one must be added here.
"""

import datetime
import io
import json
import os
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site, get_page_models
from wagtail.snippets.models import get_snippet_models

from cchc_pages.models import (
    AppendixRow,
    ContactCard,
    ContactDirectoryPage,
    DocumentAttachment,
    DocumentIndexPage,
    DocumentPage,
    Hotline,
    NewsArticlePage,
    NewsCategory,
    NewsIndexPage,
    OrganisationUnit,
    OutageNotice,
    PersonContactPoint,
    ProcedureIndexPage,
    ProcedurePage,
    ProcedureSector,
    ReceptionEntry,
    ReceptionSchedulePage,
    ReformIndexValue,
    ReformIndicesPage,
    UnitContactPoint,
    WorkCalendarEntry,
    WorkCalendarPage,
)
from feedback.models import (
    FeedbackAnswersPage,
    FeedbackFormPage,
    FeedbackUnit,
    Holiday,
    Poll,
    PollChoice,
    PollPage,
    RatingTarget,
)

APP_LABELS = ("cchc_pages", "cchc_feedback")

site = Site.objects.get(is_default_site=True)
home = site.root_page.specific


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def png(width=640, height=400):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


# --- media the pages use ------------------------------------------------------------------------
image = get_image_model()(title="Ảnh hội nghị CCHC", file=ContentFile(png(), name="hoi-nghi.png"))
image.save()
form_doc = get_document_model()(
    title="Tờ khai đăng ký khai sinh", file=ContentFile(b"%PDF-1.4 test", name="to-khai.pdf")
)
form_doc.save()
plan_doc = get_document_model()(title="Kế hoạch CCHC năm 2026", file=ContentFile(b"%PDF-1.4 plan", name="ke-hoach.pdf"))
plan_doc.save()

# --- snippets -----------------------------------------------------------------------------------
category = NewsCategory(name="Cải cách thủ tục hành chính")
category.full_clean()
category.save()
sector = ProcedureSector(name="Hộ tịch", code="HT")
sector.full_clean()
sector.save()
department = OrganisationUnit(
    name="Sở Nội vụ",
    code="SNV",
    kind="department",
    address="Số 1 Đường Trần Hưng Đạo, phường Hòa Bình",
    opening_hours="Thứ Hai – Thứ Sáu: 7h30 – 11h30",
    contact_points=[
        UnitContactPoint(kind="office_phone", value="0209 3870 123"),
        UnitContactPoint(kind="email", value="snv@example.gov.vn"),
    ],
)
department.full_clean()
department.save()
one_stop = OrganisationUnit(name="Bộ phận Một cửa", kind="one_stop", parent=department)
one_stop.full_clean()
one_stop.save()
card = ContactCard(
    name="Nguyễn Văn An",
    position="Giám đốc Sở",
    unit=department,
    photo=image,
    contact_points=[
        PersonContactPoint(kind="mobile", value="0912 345 678"),
        PersonContactPoint(kind="email", value="an.nv@example.gov.vn"),
    ],
)
card.full_clean()
card.save()
hotline = Hotline(label="Đường dây nóng CCHC", number="0209 3870 999", note="Tiếp nhận phản ánh về thủ tục hành chính")
hotline.full_clean()
hotline.save()

# --- polls, rating targets, feedback units and holidays (admin menus "Bình chọn", "Phản ánh") ---
now = timezone.now()
poll = Poll(
    question="Bạn có hài lòng với Bộ phận Một cửa?", opens_at=now - datetime.timedelta(days=1), show_in_sidebar=True
)
poll.full_clean()
poll.save()
for i, label in enumerate(["Rất hài lòng", "Hài lòng", "Không hài lòng"]):
    PollChoice.objects.create(poll=poll, label=label, sort_order=i)
target = RatingTarget(kind="counter", name="Quầy số 2", label="Lĩnh vực hộ tịch", code="quay-2")
target.full_clean()
target.save()
rating = Poll(question="Đánh giá thái độ tiếp công dân", opens_at=now - datetime.timedelta(days=1))
rating.save()
rating.targets.set([target])
rating.save()
for i, label in enumerate(["Hài lòng", "Không hài lòng"]):
    PollChoice.objects.create(poll=rating, label=label, sort_order=i)
FeedbackUnit.objects.create(name="Phòng Cải cách hành chính", email="cchc@example.gov.vn")
Holiday.objects.create(date=datetime.date(now.year, 9, 2), name="Quốc khánh")

# --- one page of every page type ------------------------------------------------------------------
news = publish(home, NewsIndexPage(title="Tin cải cách hành chính", intro="<p>Tin tức CCHC.</p>"))
article = NewsArticlePage(
    title="Đánh giá chỉ số cải cách hành chính",
    sapo="Sở Nội vụ công bố kết quả chỉ số CCHC năm 2025.",
    byline="S.T",
    source="Báo Bắc Ninh",
    featured_image=image,
    featured_image_caption="Hội nghị",
    categories=[category],
    body=[("paragraph", "<p>Nội dung bài viết về cải cách hành chính.</p>")],
)
article = publish(news, article)
article.tags.add("cải cách")
article.save_revision().publish()
# An article whose editor filled the promote tab's description too.
described = publish(
    news,
    NewsArticlePage(
        title="Hội nghị tổng kết công tác CCHC",
        sapo="Tóm tắt hội nghị.",
        search_description="Mô tả cho máy tìm kiếm.",
        date=now - datetime.timedelta(days=2),
    ),
)

documents = publish(home, DocumentIndexPage(title="Văn bản chỉ đạo điều hành"))
document = publish(
    documents,
    DocumentPage(
        title="Kế hoạch cải cách hành chính năm 2026",
        doc_number="892/KH-UBND",
        doc_type="quyet-dinh",
        issuing_body="UBND tỉnh Bắc Kạn",
        place="Bắc Kạn",
        issue_date=datetime.date(2026, 1, 15),
        signer="Nguyễn Văn B",
        signer_title="TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH",
        summary="Ban hành Kế hoạch cải cách hành chính năm 2026.",
        recipients="Các sở, ban, ngành\nUBND các huyện",
        attachments=[DocumentAttachment(document=plan_doc, title="Toàn văn kế hoạch")],
        appendix_title="Phụ lục nhiệm vụ",
        appendix_rows=[
            AppendixRow(number="1", task="Rà soát thủ tục hành chính", lead_agency="Sở Nội vụ", status="dang-thuc-hien")
        ],
    ),
)

indices = publish(
    home,
    ReformIndicesPage(
        title="Chỉ số cải cách hành chính",
        index_values=[
            ReformIndexValue(index_name="PAR INDEX", year=2024, value=Decimal("85.50")),
            ReformIndexValue(index_name="PAR INDEX", year=2025, value=Decimal("88.10")),
            ReformIndexValue(index_name="SIPAS", year=2025, value=Decimal("82.00")),
        ],
    ),
)

directory = publish(home, ContactDirectoryPage(title="Danh bạ liên hệ"))

procedures = publish(home, ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc"))
procedure = publish(
    procedures,
    ProcedurePage(
        title="Đăng ký kết hôn",
        code="1.000894",
        description="Đăng ký kết hôn tại UBND cấp xã.",
        level_commune=True,
        sectors=[sector],
        agency_code="SNV",
        agency_name="Sở Nội vụ",
        online_level="partial",
        steps=[("case", {"case": "", "steps": ["Nộp hồ sơ tại Bộ phận Một cửa.", "Nhận kết quả."]})],
        dossier=[
            ("case", {"case": "", "items": [{"name": "Tờ khai đăng ký kết hôn", "originals": 1, "template": form_doc}]})
        ],
        results=[("result", {"name": "Giấy chứng nhận kết hôn"})],
        legal_basis=[("document", {"number": "60/2014/QH13", "title": "Luật Hộ tịch"})],
    ),
)

poll_page = publish(home, PollPage(title="Bình chọn mức độ hài lòng", poll=poll))

today = timezone.localdate()
calendar = WorkCalendarPage(title="Lịch công tác tuần của Lãnh đạo Sở")
calendar.entries.add(
    WorkCalendarEntry(date=today, start_time=datetime.time(8, 0), person="Giám đốc Sở", content="Giao ban Lãnh đạo Sở")
)
calendar = publish(home, calendar)
reception = ReceptionSchedulePage(title="Lịch tiếp công dân", place="Trụ sở Tiếp công dân tỉnh")
reception.entries.add(ReceptionEntry(date=today, person="Giám đốc Sở", by_head=True, content="Tiếp công dân định kỳ"))
reception = publish(home, reception)
# A maintenance window ahead: its banner must show on the stock site's pages of the apps.
OUTAGE_MESSAGE = "Hệ thống tạm dừng để nâng cấp máy chủ."
OutageNotice.objects.create(
    start=timezone.now() + datetime.timedelta(days=30),
    end=timezone.now() + datetime.timedelta(days=30, hours=2),
    message=OUTAGE_MESSAGE,
)

answers = publish(home, FeedbackAnswersPage(title="Hỏi đáp phản ánh, kiến nghị"))
form_page = publish(home, FeedbackFormPage(title="Gửi phản ánh, kiến nghị", answers_page=answers))
answers.form_page = form_page
answers.save_revision().publish()

# A superuser for the admin checks (the editor's side of "every page works").
User = get_user_model()
if not User.objects.filter(username="stockadmin").exists():
    User.objects.create_superuser("stockadmin", "admin@example.invalid", "stock-site-check")

# --- nothing forgotten --------------------------------------------------------------------------
missing = []
for model in get_page_models():
    if model._meta.app_label in APP_LABELS and not model.objects.live().exists():
        missing.append(f"page type {model._meta.label}")
for model in get_snippet_models():
    if model._meta.app_label in APP_LABELS and not model._default_manager.exists():
        missing.append(f"snippet {model._meta.label}")
if missing:
    raise SystemExit("populate.py creates no " + ", ".join(missing) + ": add them to tests/stock_site/populate.py")

pages = []
for model in get_page_models():
    if model._meta.app_label in APP_LABELS:
        for page in model.objects.live().order_by("path"):
            pages.append({"id": page.pk, "model": model._meta.label_lower, "title": page.title, "url": page.url})
manifest = {
    "home": {"id": home.pk, "url": home.url, "title": home.title},
    "pages": pages,
    "snippets": sorted(m._meta.label_lower for m in get_snippet_models() if m._meta.app_label in APP_LABELS),
    "described_article": {"url": described.url, "search_description": described.search_description},
    "card": {
        "url": directory.url + directory.reverse_subpage("card", args=[card.slug]),
        "name": card.name,
        "slug": card.slug,
    },
    "article": {"id": article.pk, "url": article.url, "title": article.title, "print_url": article.url + "ban-in/"},
    "document": {"url": document.url, "csv_url": document.url + document.reverse_subpage("appendix_csv")},
    "news": {"url": news.url, "rss_url": news.url + "rss/", "atom_url": news.url + "atom/"},
    "procedure": {"url": procedure.url, "print_url": procedure.url + "ban-in/", "code": procedure.code},
    "procedure_index": {"id": procedures.pk, "url": procedures.url},
    "calendar": {"url": calendar.url, "ical_url": calendar.url + "ical/", "entry": "Giao ban Lãnh đạo Sở"},
    "outage": {"message": OUTAGE_MESSAGE},
    "poll": {
        "id": poll.pk,
        "question": poll.question,
        "choices": [{"id": c.pk, "label": c.label} for c in poll.choices.all()],
        "page_url": poll_page.url,
    },
    "rating": {"id": rating.pk, "code": target.code, "name": target.name},
    "form_page": {"url": form_page.url, "lookup_url": form_page.url + "tra-cuu/"},
    "answers_page": {"url": answers.url},
    "hotline": {"label": hotline.label, "number": hotline.number},
}
with open(os.environ["STOCK_SITE_MANIFEST"], "w", encoding="utf-8") as handle:
    json.dump(manifest, handle, ensure_ascii=False, indent=2)
print(
    f"populate: {len(pages)} pages of {len({p['model'] for p in pages})} types, "
    f"{len(manifest['snippets'])} snippet models"
)
