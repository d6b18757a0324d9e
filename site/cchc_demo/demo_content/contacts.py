"""Demo directory: a department's units (with its one-stop shop), leaders' cards and hotlines.

People, numbers and addresses are invented for the demo (the domain is example.gov.vn); some
contact points are hidden, as editors would keep a leader's mobile number internal. The units are
those of a provincial department since the 2025 reorganisation: local government has two levels
(province and commune, no district or district-level town), and department inspectorates
("Thanh tra Sở") were abolished on 1 July 2025, inspection being the provincial inspectorate's.
"""

import io
import json
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from cchc_pages.models import CareerStep, ContactCard, ContactDirectoryPage, Hotline, OrganisationUnit

DOMAIN = "sonoivu.example.gov.vn"
OFFICE_HOURS = "Thứ Hai – Thứ Sáu: 7h00 – 11h30, 13h30 – 17h00\nThứ Bảy: 7h30 – 11h30 (chỉ Bộ phận một cửa)"

# (name, kind, parent, address, opening hours, [(kind, value, label, public)])
UNITS = [
    (
        "Sở Nội vụ tỉnh (bản trình diễn)",
        "department",
        None,
        "Số 7 đường Trường Chinh, phường Trung tâm (địa chỉ minh họa)",
        OFFICE_HOURS,
        [
            ("office_phone", "0209 3870 100", "Văn phòng Sở", True),
            ("fax", "0209 3870 101", "", True),
            ("email", f"vanphong@{DOMAIN}", "", True),
            ("website", "https://sonoivu.example.gov.vn", "", True),
        ],
    ),
    ("Văn phòng Sở", "board", 0, "", "", [("office_phone", "0209 3870 102", "", True)]),
    ("Phòng Cải cách hành chính", "division", 0, "", "", [("office_phone", "0209 3870 120", "", True)]),
    ("Phòng Tổ chức, biên chế và tổ chức phi chính phủ", "division", 0, "", "", []),
    ("Phòng Người có công", "division", 0, "", "", [("office_phone", "0209 3870 130", "Tiếp công dân", True)]),
    (
        "Phòng Công chức, viên chức",
        "division",
        0,
        "",
        "",
        [("office_phone", "0209 3870 125", "", True)],
    ),
    ("Phòng Lao động, việc làm và bảo hiểm xã hội", "division", 0, "", "", []),
    ("Trung tâm Dịch vụ việc làm", "centre", 0, "", "", [("office_phone", "0209 3870 160", "", True)]),
    ("Trung tâm Lưu trữ lịch sử", "centre", 0, "", "", []),
    ("Phòng Tư vấn, giới thiệu việc làm", "division", 7, "", "", []),
    ("Sàn giao dịch việc làm", "other", 7, "", "", []),
    (
        "Bộ phận một cửa",
        "one_stop",
        0,
        "Tầng 1, Trung tâm Phục vụ hành chính công tỉnh, số 1 đường Nguyễn Văn Tố, phường Trung tâm (địa chỉ minh họa)",
        OFFICE_HOURS,
        [
            ("office_phone", "0209 3870 150", "Tiếp nhận hồ sơ", True),
            ("zalo", "0912 000 150", "Hỗ trợ trực tuyến", True),
            ("email", f"motcua@{DOMAIN}", "", True),
            ("office_phone", "0209 3870 159", "Máy nội bộ", False),
        ],
    ),
]

# (name, position, unit index, order, [(kind, value, label, public)])
CARDS = [
    (
        "Nguyễn Văn An",
        "Giám đốc Sở",
        0,
        1,
        [
            ("office_phone", "0209 3870 111", "", True),
            ("mobile", "0912 345 111", "", False),
            ("email", f"nvan@{DOMAIN}", "", True),
        ],
    ),
    (
        "Trần Thị Bình",
        "Phó Giám đốc Sở",
        0,
        2,
        [
            ("office_phone", "0209 3870 112", "", True),
            ("mobile", "0915 678 112", "", True),
            ("email", f"ttbinh@{DOMAIN}", "", True),
        ],
    ),
    (
        "Lê Minh Cường",
        "Phó Giám đốc Sở",
        0,
        3,
        [("office_phone", "0209 3870 113", "", True), ("email", f"lmcuong@{DOMAIN}", "", False)],
    ),
    ("Hoàng Văn Dũng", "Chánh Văn phòng", 1, 1, [("office_phone", "0209 3870 102", "", True)]),
    (
        "Phạm Thu Hà",
        "Trưởng phòng Cải cách hành chính",
        2,
        1,
        [
            ("office_phone", "0209 3870 121", "", True),
            ("mobile", "0983 456 121", "", True),
            ("email", f"ptha@{DOMAIN}", "", True),
        ],
    ),
    (
        "Đặng Thị Hoa",
        "Phụ trách Bộ phận một cửa",
        11,
        1,
        [("office_phone", "0209 3870 151", "", True), ("mobile", "0969 789 151", "", False)],
    ),
]

# What the organisation page of the department shows (ND 224/2026/NĐ-CP Điều 10): functions, duties
# and powers, a short history and the leaders' biographies, as a provincial Sở Nội vụ has them since it
# took over the labour, war invalids and social affairs department's labour and people-with-merit
# remits (1 March 2025) and local government became two-level (1 July 2025).
ORGANISATION = json.loads((Path(__file__).with_name("organisation.json")).read_text(encoding="utf-8"))

HOTLINES = [
    ("Đường dây nóng", "0209 3870 999", "Tiếp nhận phản ánh, kiến nghị về cải cách hành chính"),
    ("Tổng đài dịch vụ công", "1022", "Hỗ trợ thủ tục hành chính, dịch vụ công trực tuyến"),
    ("Tổng đài hỗ trợ Cổng Dịch vụ công quốc gia", "1800 1096", "Miễn phí"),
]


def portrait(name):
    """A drawn portrait placeholder (initials on a coloured badge) for a demo card."""
    Image = get_image_model()
    title = f"Ảnh {name} (minh họa)"
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    canvas = PILImage.new("RGB", (480, 600), "#e9edf3")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse([140, 90, 340, 290], fill="#9aa8ba")
    draw.rounded_rectangle([70, 320, 410, 640], radius=120, fill="#0b4f9c")
    draw.polygon([(240, 330), (215, 420), (240, 520), (265, 420)], fill="#a3161a")
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="anh-can-bo.png"))


def _points(owner, points):
    """Set an owner's contact points once (a unit or card that has some is left as editors made it)."""
    model = owner.contact_points.model
    if model.objects.filter(**{model.owner_field: owner}).exists():
        return
    model.objects.bulk_create(
        model(**{model.owner_field: owner}, kind=kind, value=value, label=label, is_public=public, sort_order=order)
        for order, (kind, value, label, public) in enumerate(points)
    )


def _organisation(units):
    """Functions, history and leaders' profiles, written only where editors left them empty."""
    by_name = {unit.name: unit for unit in units}
    department = units[0]
    functions = [(department, ORGANISATION["department_functions"])]
    functions += [(by_name[name], text) for name, text in ORGANISATION["unit_functions"].items()]
    for unit, text in functions:
        if not unit.description:
            unit.description = text
            unit.save(update_fields=["description"])
    if not department.history:
        department.history = ORGANISATION["department_history"]
        department.save(update_fields=["history"])
    for name, profile in ORGANISATION["leaders"].items():
        card = ContactCard.objects.filter(name=name, unit=department).first()
        if card is None or card.education or card.career_steps.exists():
            continue
        card.education = "\n".join(profile["education"])
        card.duties = "\n".join(profile["duties"])
        card.overseen_fields = "\n".join(profile["fields"])
        card.overseen_units.set([by_name[unit] for unit in profile["units"]])
        card.save()  # commits the ParentalManyToManyField too
        CareerStep.objects.bulk_create(
            CareerStep(card=card, start_year=start, end_year=end, position=position, sort_order=i)
            for i, (start, end, position) in enumerate(profile["career"])
        )


def load(command, home, site):
    units = []
    for order, (name, kind, parent, address, hours, points) in enumerate(UNITS):
        unit, _created = OrganisationUnit.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "parent": units[parent] if parent is not None else None,
                "address": address,
                "opening_hours": hours,
                "sort_order": order,
            },
        )
        _points(unit, points)
        units.append(unit)
    created = 0
    for name, position, unit, order, points in CARDS:
        card, was_created = ContactCard.objects.get_or_create(
            name=name, unit=units[unit], defaults={"position": position, "sort_order": order}
        )
        if was_created:
            created += 1
            if order <= 2 or unit == 2:
                card.photo = portrait(name)
                card.save()
        _points(card, points)
    _organisation(units)
    for order, (label, number, note) in enumerate(HOTLINES):
        Hotline.objects.get_or_create(label=label, defaults={"number": number, "note": note, "sort_order": order})
    command.child(
        home,
        ContactDirectoryPage,
        "danh-ba",
        title="Danh bạ, thông tin liên hệ",
        intro="<p>Số điện thoại, thư điện tử của lãnh đạo và các phòng, ban; giờ làm việc của Bộ phận một cửa. "
        "Thông tin trong bản trình diễn là giả định.</p>",
        show_in_menus=True,
    )
    command.stdout.write(f"Contacts: {len(units)} unit(s), {created} card(s) created, {len(HOTLINES)} hotline(s).")
