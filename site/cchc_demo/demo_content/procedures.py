"""Demo administrative procedures: 38 real national procedures (procedures.json), loaded through
the same importer editors use.

The records are read from the text of the national public-service portal's pages
(dichvucong.gov.vn), published by Bộ Tư pháp and Bộ Công an and crawled in 2026, by
build_procedures.py, which writes them in the national LayThuTuc shape: their real codes, full
names, fees, dossiers, steps and legal bases, and only the levels that exist since 1 July 2025
(Bộ, Tỉnh, Xã). procedures_source.json names the page each record comes from. What a page does
not show (sector and agency codes, form download addresses) is left out, not invented."""

import json
from pathlib import Path

from cchc_pages.models import ProcedureIndexPage, ProcedurePage
from cchc_pages.procedures import importing as procedure_import

CONTENT = Path(__file__).resolve().parent / "procedures.json"


def load(command, home, site):
    index = ProcedureIndexPage.objects.child_of(home).filter(slug="thu-tuc-hanh-chinh").first()
    if index is None:
        index = home.add_child(
            instance=ProcedureIndexPage(
                title="Thủ tục hành chính",
                slug="thu-tuc-hanh-chinh",
                intro="<p>Tra cứu thủ tục hành chính theo lĩnh vực, cấp thực hiện, cơ quan và mức độ dịch vụ công "
                "trực tuyến: trình tự, hồ sơ, thời hạn, phí, lệ phí và mẫu đơn, tờ khai.</p>"
                "<p>Các thủ tục trong bản trình diễn là thủ tục thật của Cơ sở dữ liệu quốc gia về thủ tục hành "
                "chính do Bộ Tư pháp và Bộ Công an công bố, lấy từ Cổng Dịch vụ công quốc gia "
                "(dichvucong.gov.vn) năm 2026.</p>",
                show_in_menus=True,
            )
        )
        index.save_revision().publish()
    records = json.loads(CONTENT.read_text(encoding="utf-8"))
    known = set(ProcedurePage.objects.values_list("code", flat=True))
    # Records already loaded are left as editors made them (and no new revision is written).
    new = [(f"#{n}", r) for n, r in enumerate(records, start=1) if r["MATTHC"] not in known]
    report = procedure_import.import_records(index, new, strict=True)
    if report.rejected:
        raise ValueError("; ".join(map(str, report.rejected)))
    command.stdout.write(command.style.SUCCESS(f"Procedures ready: {len(report.created)} procedure(s) created."))
