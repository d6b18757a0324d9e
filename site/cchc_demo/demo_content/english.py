"""The demo's English version (ND 42/2022/NĐ-CP Điều 7): the English locale, and English translations
of the home page, the contact directory, the organisation units (with their functions and history),
the leaders' contact cards and the hotlines, as an editor makes them with "Translate" in the admin
(wagtail.contrib.simple_translation: a copy in the English locale, then edited). Other pages stay
Vietnamese only: their /en/ address says so and links the Vietnamese page.

Idempotent: an item that already has its English translation is left as editors made it. The
translations are written for the demo from the Vietnamese texts in contacts.py and
organisation.json (the department, its people and numbers are invented).
"""

from wagtail.models import Locale

from cchc_pages.models import ContactCard, ContactDirectoryPage, Hotline, OrganisationUnit

ENGLISH = "en"

HOME = {
    "title": "Administrative Reform Portal",
    "intro": "<p>The administrative reform section of the portal: news, plans, administrative procedures, and "
    "feedback and recommendations from citizens and businesses. The organisation and the contact directory "
    "are published in English; other pages are in Vietnamese only, and their English address links to "
    "the Vietnamese page.</p>",
}
DIRECTORY = {
    "title": "Directory and contact information",
    "intro": "<p>Phone numbers and email addresses of the leaders, divisions and boards, and the opening hours of "
    "the One-Stop Shop. The people and numbers in this demo are invented.</p>",
}
OFFICE_HOURS = "Monday – Friday: 7:00 – 11:30, 13:30 – 17:00\nSaturday: 7:30 – 11:30 (One-Stop Shop only)"

# Vietnamese name -> (English name, address, opening hours, functions, history); "" keeps nothing.
UNITS = {
    "Sở Nội vụ tỉnh (bản trình diễn)": (
        "Provincial Department of Home Affairs (demo)",
        "No. 7 Truong Chinh Street, Trung Tam Ward (illustrative address)",
        OFFICE_HOURS,
        "<p>The Department of Home Affairs is a specialised agency of the Provincial People's Committee. It advises "
        "and assists the Provincial People's Committee in the state management of: administrative organisations "
        "and public service units; job positions, staffing, cadres, civil servants and public employees; "
        "administrative reform and civil service reform; local government and administrative boundaries; "
        "associations and non-governmental organisations; records management and archives; emulation and "
        "commendation; youth affairs; labour, wages, employment, social insurance, occupational safety and "
        "health; and people with meritorious services to the revolution.</p>\n"
        "<p>The Department has legal status, its own seal and accounts; it is directed and managed by the "
        "Provincial People's Committee, and receives professional direction, guidance and inspection from the "
        "Ministry of Home Affairs.</p>\n"
        "<h3>Main duties and powers</h3>\n<ol>\n"
        "<li>Submit to the Provincial People's Committee draft decisions, plans and schemes in the Department's "
        "fields, and implement them once approved.</li>\n"
        "<li>Advise on the province's annual administrative reform plan; monitor, assess and determine the "
        "Public Administration Reform Index (PAR INDEX) and the Satisfaction Index of Public Administrative "
        "Services (SIPAS) of the provincial departments and the commune-level People's Committees.</li>\n"
        "<li>Appraise the establishment, reorganisation and dissolution of specialised agencies and public "
        "service units; manage staffing and job positions.</li>\n"
        "<li>Guide and inspect the commune-level People's Committees on their organisation and their cadres and "
        "civil servants under the two-level local government.</li>\n"
        "<li>Carry out the state management of employment, social insurance, occupational safety and health; "
        "implement preferential policies for people with meritorious services to the revolution.</li>\n"
        "<li>Settle the administrative procedures within its competence at the One-Stop Shop; receive citizens "
        "and settle complaints and denunciations as the law provides.</li>\n</ol>",
        "<ul>\n"
        "<li><strong>1976</strong>: the Provincial Government Organisation Board, forerunner of the Department of "
        "Home Affairs, is established.</li>\n"
        "<li><strong>2004</strong>: the Provincial Government Organisation Board is renamed the Department of Home "
        "Affairs.</li>\n"
        "<li><strong>1 March 2025</strong>: the Department takes over labour, employment, social insurance, "
        "occupational safety and people with meritorious services from the Department of Labour, War Invalids and "
        "Social Affairs; belief and religious affairs move to the Department of Ethnic and Religious Affairs.</li>\n"
        "<li><strong>1 July 2025</strong>: the province moves to two-level local government (province and "
        "commune); the Department advises on the reorganisation of the commune-level administrative units and the "
        "assignment of commune-level cadres and civil servants.</li>\n</ul>\n"
        "<p><em>The dates in this demo are illustrative.</em></p>",
    ),
    "Văn phòng Sở": (
        "Department Office",
        "",
        "",
        "<p>Advises on general affairs, administration, records, archives, finance and facilities of the "
        "Department; the focal point for receiving citizens.</p>",
        "",
    ),
    "Phòng Cải cách hành chính": (
        "Administrative Reform Division",
        "",
        "",
        "<p>Advises on the province's administrative reform plan; monitors and assesses the Public Administration "
        "Reform Index and the Satisfaction Index; inspects the performance of public duties.</p>",
        "",
    ),
    "Phòng Tổ chức, biên chế và tổ chức phi chính phủ": (
        "Division of Organisation, Staffing and Non-Governmental Organisations",
        "",
        "",
        "<p>Appraises organisational structures, job positions and staffing; manages associations, social funds "
        "and charity funds.</p>",
        "",
    ),
    "Phòng Người có công": (
        "Division of People with Meritorious Services",
        "",
        "",
        "<p>Implements preferential policies for people with meritorious services to the revolution; manages the "
        "memorials to fallen soldiers.</p>",
        "",
    ),
    "Phòng Công chức, viên chức": (
        "Division of Civil Servants and Public Employees",
        "",
        "",
        "<p>Advises on the recruitment, employment, assessment, training and further training of cadres, civil "
        "servants and public employees.</p>",
        "",
    ),
    "Phòng Lao động, việc làm và bảo hiểm xã hội": (
        "Division of Labour, Employment and Social Insurance",
        "",
        "",
        "<p>State management of labour, wages, employment, social insurance, occupational safety and health.</p>",
        "",
    ),
    "Trung tâm Dịch vụ việc làm": (
        "Employment Service Centre",
        "",
        "",
        "<p>A public service unit: employment counselling and placement, labour market information, and the "
        "receipt of unemployment insurance applications.</p>",
        "",
    ),
    "Trung tâm Lưu trữ lịch sử": (
        "Historical Archives Centre",
        "",
        "",
        "<p>A public service unit: collects and preserves the province's historical archives and makes them "
        "available for use.</p>",
        "",
    ),
    "Phòng Tư vấn, giới thiệu việc làm": ("Employment Counselling and Placement Division", "", "", "", ""),
    "Sàn giao dịch việc làm": ("Job Exchange", "", "", "", ""),
    "Bộ phận một cửa": (
        "One-Stop Shop",
        "Ground floor, Provincial Public Administrative Service Centre, No. 1 Nguyen Van To Street, Trung Tam Ward "
        "(illustrative address)",
        OFFICE_HOURS,
        "",
        "",
    ),
}

# Labels of contact points, as the Vietnamese ones read.
POINT_LABELS = {
    "Văn phòng Sở": "Department Office",
    "Tiếp công dân": "Citizen reception",
    "Tiếp nhận hồ sơ": "Application intake",
    "Hỗ trợ trực tuyến": "Online support",
    "Máy nội bộ": "Internal extension",
}

POSITIONS = {
    "Giám đốc Sở": "Director of the Department",
    "Phó Giám đốc Sở": "Deputy Director of the Department",
    "Chánh Văn phòng": "Chief of the Department Office",
    "Trưởng phòng Cải cách hành chính": "Head of the Administrative Reform Division",
    "Phụ trách Bộ phận một cửa": "Head of the One-Stop Shop",
}

# Leaders' profiles: education, duties, fields overseen (one per line) and career steps in order.
LEADERS = {
    "Nguyễn Văn An": {
        "education": ["Master of Public Management", "Advanced political theory"],
        "duties": [
            "Leads, manages and directs all the Department's work",
            "Account holder; the Department's spokesperson",
            "Directly in charge of personnel organisation, emulation and commendation",
        ],
        "fields": [
            "Organisation and staffing",
            "Cadres, civil servants and public employees",
            "Emulation and commendation",
        ],
        "career": [
            "Official, then Deputy Head of the Organisation and Staffing Division, Department of Home Affairs",
            "Deputy Director, Department of Home Affairs",
            "Director, Department of Home Affairs",
        ],
    },
    "Trần Thị Bình": {
        "education": ["Master of Laws", "Advanced political theory"],
        "duties": [
            "Assists the Director in directing administrative reform, the control of administrative procedures, "
            "records management and archives",
            "Acts for the Director in the Director's absence",
        ],
        "fields": ["Administrative reform", "Records management and archives", "Local government"],
        "career": [
            "Head of the Administrative Reform Division, Department of Home Affairs",
            "Deputy Director, Department of Home Affairs",
        ],
    },
    "Lê Minh Cường": {
        "education": ["Bachelor of Labour Economics", "Advanced political theory"],
        "duties": [
            "Assists the Director in directing labour, employment, social insurance and people with meritorious "
            "services"
        ],
        "fields": ["Labour, wages and employment", "Social insurance", "People with meritorious services"],
        "career": [
            "Head of the Labour and Employment Division, Department of Labour, War Invalids and Social Affairs",
            "Deputy Director, Department of Labour, War Invalids and Social Affairs",
            "Deputy Director, Department of Home Affairs",
        ],
    },
}

HOTLINES = {
    "Đường dây nóng": ("Hotline", "Feedback and recommendations on administrative reform"),
    "Tổng đài dịch vụ công": (
        "Public services call centre",
        "Help with administrative procedures and online public services",
    ),
    "Tổng đài hỗ trợ Cổng Dịch vụ công quốc gia": ("National Public Service Portal helpline", "Free of charge"),
}


def _translate_page(page, locale, fields):
    """The page's English translation: created (a copy placed under the parent's translation) and
    published with `fields` when missing, else left as editors made it. (translation, created)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    translation = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation, True


def _relabel(owner):
    for point in owner.contact_points.all():
        if point.label in POINT_LABELS:
            point.label = POINT_LABELS[point.label]
            point.save(update_fields=["label"])


def _units(locale, default):
    """English translations of the units, placed under their parents' translations. {vi pk: en unit}."""
    translated, created = {}, 0
    units = OrganisationUnit.objects.filter(locale=default).order_by("sort_order", "pk")
    existing = {unit.translation_key: unit for unit in OrganisationUnit.objects.filter(locale=locale)}
    for unit in units:  # parents come first (sort_order follows the loader's order)
        if unit.translation_key in existing:
            translated[unit.pk] = existing[unit.translation_key]
            continue
        if unit.name not in UNITS:
            continue  # a unit editors added: theirs to translate
        name, address, hours, functions, history = UNITS[unit.name]
        copy = unit.copy_for_translation(locale)
        copy.name, copy.address, copy.opening_hours = name, address, hours
        copy.description, copy.history = functions, history
        copy.parent = translated.get(unit.parent_id, unit.parent)
        copy.save()
        _relabel(copy)
        translated[unit.pk] = copy
        created += 1
    return translated, created


def _cards(locale, default, units):
    created = 0
    existing = set(ContactCard.objects.filter(locale=locale).values_list("translation_key", flat=True))
    cards = ContactCard.objects.filter(locale=default).prefetch_related("overseen_units", "career_steps")
    for card in cards:
        if card.translation_key in existing or card.position not in POSITIONS:
            continue
        copy = card.copy_for_translation(locale)
        copy.position = POSITIONS[card.position]
        copy.unit = units.get(card.unit_id, card.unit)
        profile = LEADERS.get(card.name)
        if profile:
            copy.education = "\n".join(profile["education"])
            copy.duties = "\n".join(profile["duties"])
            copy.overseen_fields = "\n".join(profile["fields"])
            copy.overseen_units.set([units.get(unit.pk, unit) for unit in card.overseen_units.all()])
            steps = list(copy.career_steps.all())
            for step, position in zip(steps, profile["career"], strict=False):
                step.position = position
            copy.career_steps.set(steps)
        copy.save()  # commits the copied contact points, career steps and units overseen
        _relabel(copy)
        created += 1
    return created


def _hotlines(locale, default):
    created = 0
    existing = set(Hotline.objects.filter(locale=locale).values_list("translation_key", flat=True))
    for hotline in Hotline.objects.filter(locale=default):
        if hotline.translation_key in existing or hotline.label not in HOTLINES:
            continue
        copy = hotline.copy_for_translation(locale)
        copy.label, copy.note = HOTLINES[hotline.label]
        copy.save()
        created += 1
    return created


def load(command, home, site):
    locale, _created = Locale.objects.get_or_create(language_code=ENGLISH)
    default = home.locale
    english_home, home_created = _translate_page(home, locale, HOME)
    directory = ContactDirectoryPage.objects.filter(locale=default).first()
    pages = int(home_created)
    if directory is not None:
        pages += _translate_page(directory, locale, DIRECTORY)[1]
    units, unit_count = _units(locale, default)
    cards = _cards(locale, default, units)
    hotlines = _hotlines(locale, default)
    command.stdout.write(
        f"English: {pages} page(s), {unit_count} unit(s), {cards} card(s), {hotlines} hotline(s) translated."
    )
