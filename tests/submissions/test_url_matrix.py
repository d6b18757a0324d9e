"""Every URL the apps register, read from the URL conf (not from a hand-kept list), opened by an
anonymous visitor, an editor (Wagtail's "Editors" group, no moderate permission), a moderator and an
administrator: each answers as designed, and a citizen's personal data (the tracking code, name,
phone, email and subject of a submission) reaches nobody without the moderate permission.

A view added to the apps later is found here too: with no rule in RULES the test fails and names it."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from cchc_pages.models import ContactCard, Hotline, NewsCategory, OrganisationUnit, PageRating, ProcedureSector
from cchc_pages.notices.models import OutageNotice
from feedback.models import DossierEvaluation, Holiday, Poll, PollChoice, RatingTarget, Submission
from feedback.submissions import workflow

from .conftest import PASSWORD, PDF, receive

APPS = ("cchc_pages", "feedback")
APP_LABELS = ("cchc_pages", "cchc_feedback")
ROLES = ["anonymous", "editor", "moderator", "superuser"]

# (URL name pattern, who gets a 200): "moderator" (the moderate permission), "admin" (the model's
# own permissions, which only the administrator has here), "nobody" (refused to everyone, e.g.
# creating a submission by hand), "public".
RULES = [
    # "edit" is the public wording of a submission (the original is never edited).
    (r"cchc_feedback_submission_modeladmin_(index|inspect|history|edit)", "moderator"),
    (r"cchc_feedback_submission_modeladmin_(create|delete)", "nobody"),
    (r"(cchc_feedback_admin:)?cchc_feedback_(attachment|report)|cchc_feedback_admin:(attachment|report)", "moderator"),
    (r"cchc_feedback_(poll|ratingtarget|feedbackunit|holiday|dossierevaluation)_modeladmin_\w+", "admin"),
    (r"cchc_polls_admin:\w+", "admin"),
    # The one-stop evaluation's report shows unpublished quarters: the model's "change" permission.
    (r"cchc_evaluation_admin:\w+", "admin"),
    (r"cchc_procedures_admin:import", "admin"),
    (r"wagtailsnippets_cchc_pages_\w+:\w+|wagtailsnippetchoosers_cchc_pages_\w+:create", "admin"),
    # Wagtail's snippet choosers serve every admin user (editors pick a contact card or category in
    # a page); these snippets are published on the site anyway.
    (r"wagtailsnippetchoosers_cchc_pages_\w+:\w+", "staff"),
    # Readers' ratings of the pages: the "view page rating" permission (the administrator's here).
    (r"cchc_ratings_(report|page)(_results)?", "admin"),
    (r"(cchc_pages|feedback):\w+", "public"),
    # The page view (Wagtail's, routed through cchc_pages.routing): each page and each of its
    # routes is walked below, in the public test.
    (r"wagtail_serve", "public"),
    # The open-data API and its list of datasets: public fields of public content only.
    (r"cchc_api:[\w-]+:\w+|cchc_api_catalogue", "public"),
]


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def view_model(callback):
    """The model a modeladmin or snippet view serves, or None."""
    while hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    for candidate in (
        getattr(getattr(callback, "__self__", None), "model", None),
        getattr(getattr(callback, "view_class", None), "model", None),
        (getattr(callback, "view_initkwargs", None) or {}).get("model"),
    ):
        if hasattr(candidate, "_meta"):
            return candidate
    return None


def ours(name, callback):
    model = view_model(callback)
    if model is not None:
        return model._meta.app_label in APP_LABELS
    inner = callback
    while hasattr(inner, "__wrapped__"):
        inner = inner.__wrapped__
    return getattr(inner, "__module__", "").split(".")[0] in APPS or (name or "").startswith("cchc")


def app_urls():
    """(route, name, model, pattern) of every URL pattern the apps register."""
    found = []
    for route, name, pattern in walk(get_resolver().url_patterns):
        if ours(name, pattern.callback):
            found.append((route, name, view_model(pattern.callback), pattern))
    return found


def rule_for(name):
    for regex, rule in RULES:
        if re.fullmatch(regex, name or ""):
            return rule
    return None


@pytest.fixture
def world(form_page, answers_page, unit, editor, moderator, superuser):
    item = receive(files=[("pdf", "don-khieu-nai.pdf", PDF)], subject="Cán bộ một cửa hẹn trả hồ sơ nhiều lần")
    workflow.accept(item, moderator)
    workflow.assign(item, moderator, unit)
    published = receive(
        subject="Hỏi về lệ phí chứng thực",
        full_name="Trần Thị Bình",
        phone="0987 654 321",
        email="binh.tran@example.invalid",
    )
    workflow.accept(published, moderator)
    workflow.give_answer(published, moderator, "Lệ phí theo quy định hiện hành.")
    workflow.publish(published, moderator)
    poll = Poll.objects.create(question="Ông/bà hài lòng với thái độ tiếp công dân?")
    PollChoice.objects.create(poll=poll, label="Hài lòng", sort_order=0)
    target = RatingTarget.objects.create(code="quay-1", name="Quầy số 1")
    poll.targets.add(target)
    organisation = OrganisationUnit.objects.create(name="Văn phòng Sở")
    card = ContactCard.objects.create(name="Lê Văn Cường", position="Chánh Văn phòng", unit=organisation)
    holiday = Holiday.objects.create(date="2026-09-02", name="Quốc khánh")
    PageRating.objects.create(page=form_page, useful=False, comment="Thiếu địa chỉ nộp hồ sơ", nonce="a" * 32)
    secrets = [item.code, item.subject, item.full_name, item.phone, item.email]
    secrets += [published.full_name, published.phone, published.email]
    return {
        "users": {"editor": editor, "moderator": moderator, "superuser": superuser},
        "item": item,
        "published": published,
        "objects": {
            Submission: item,
            type(unit): unit,
            Holiday: holiday,
            Poll: poll,
            RatingTarget: target,
            DossierEvaluation: DossierEvaluation.objects.create(dossier_code="H40.22-260105-0001", target=target, i7=2),
            OrganisationUnit: organisation,
            ContactCard: card,
            Hotline: Hotline.objects.create(label="Đường dây nóng", number="0208 3855 555"),
            NewsCategory: NewsCategory.objects.create(name="Cải cách thủ tục hành chính"),
            ProcedureSector: ProcedureSector.objects.create(code="G09-TP01", name="Hộ tịch"),
            OutageNotice: OutageNotice.objects.create(
                start="2027-01-10T22:00:00+07:00",
                end="2027-01-11T02:00:00+07:00",
                message="Nâng cấp máy chủ cổng thông tin.",
            ),
        },
        "page": form_page,
        "attachment": item.attachments.get(),
        "poll": poll,
        "target": target,
        "card": card,
        "secrets": secrets,
    }


def fill(route, name, model, world):
    """The route with real values in its parameters."""

    def value(match):
        param = match.group("name")
        if name.startswith("cchc_ratings_page") or param == "page_id":  # a page's own ratings
            return str(world["page"].pk)
        if name.startswith("cchc_api:") and param == "pk":  # an object of the endpoint, else a page
            return str(getattr(world["objects"].get(model), "pk", world["page"].pk))
        if param in ("pk", "instance_pk"):
            if name.endswith("attachment"):
                return str(world["attachment"].pk)
            if model is None or model not in world["objects"]:
                raise AssertionError(f"{name}: no object to fill <{param}> of {route}; add one to the world fixture")
            return str(world["objects"][model].pk)
        known = {"poll_id": world["poll"].pk, "code": world["target"].code, "slug": world["card"].slug}
        if param not in known:
            raise AssertionError(f"{name}: no value for <{param}> of {route}; add one to fill()")
        return str(known[param])

    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, route)
    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, path)
    return "/" + path.replace("^", "").replace("$", "")


def login(client, world, role):
    if role != "anonymous":
        assert client.login(username=world["users"][role].username, password=PASSWORD)


def body_of(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8", "replace")


def allowed(rule, role):
    return {
        "public": True,
        "nobody": False,
        "moderator": role in ("moderator", "superuser"),
        "admin": role == "superuser",
        "staff": role != "anonymous",
    }[rule]


def assert_no_personal_data(text, world, where):
    for secret in world["secrets"]:
        assert secret not in text, (where, secret)


def test_the_walk_finds_every_kind_of_view(world):
    names = {name for _, name, _, _ in app_urls()}
    for expected in (
        "cchc_feedback_submission_modeladmin_history",
        "cchc_feedback_feedbackunit_modeladmin_history",
        "cchc_feedback_poll_modeladmin_history",
        "cchc_feedback_ratingtarget_modeladmin_history",
        "cchc_feedback_admin:attachment",
        "cchc_polls_admin:results",
        "wagtailsnippets_cchc_pages_contactcard:history",
        "cchc_procedures_admin:import",
        "feedback:poll_ballot",
        "cchc_pages:vcard",
    ):
        assert expected in names
    unruled = sorted(name or route for route, name, _, _ in app_urls() if rule_for(name) is None)
    assert not unruled, f"URLs with no rule in RULES: {unruled}"


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_answers_as_designed_and_keeps_personal_data(client, world, role):
    login(client, world, role)
    checked, wrong = 0, []
    for route, name, model, _ in app_urls():
        rule = rule_for(name)
        if rule == "public":
            continue
        url = fill(route, name, model, world)
        response = client.get(url)
        where = (name, url, role, response.status_code)
        if allowed(rule, role):
            if response.status_code != 200:
                wrong.append(where)
        elif response.status_code not in (302, 403):
            wrong.append(where)
        elif response.status_code == 302:
            target = "/admin/login/" if role == "anonymous" else "/admin/"
            if not response["Location"].startswith(target):
                wrong.append((*where, response["Location"]))
        if role in ("anonymous", "editor"):
            assert_no_personal_data(body_of(response), world, where)
        checked += 1
    assert not wrong, "\n".join(map(str, wrong))
    assert checked > 60


def test_public_urls_and_page_routes_show_no_personal_data_to_anyone(client, world):
    urls = []
    for route, name, model, _ in app_urls():
        if rule_for(name) == "public":
            urls.append((name, fill(route, name, model, world)))
    for page in Page.objects.live().specific():
        if page.url is None:  # the tree's root
            continue
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_resolver().url_patterns:
                sub = re.sub(r"<int:\w+>", str(world["item"].pk), str(pattern.pattern))
                urls.append((f"{type(page).__name__}:{pattern.name}", page.url + sub))
                if "<int:" in str(pattern.pattern):
                    urls.append(
                        (
                            pattern.name,
                            page.url + re.sub(r"<int:\w+>", str(world["published"].pk), str(pattern.pattern)),
                        )
                    )
        else:
            urls.append((type(page).__name__, page.url))
    assert any("tra-cuu" in url for _, url in urls) and any("binh-chon" in url for _, url in urls)
    for name, url in urls:
        response = client.get(url)
        assert response.status_code < 500, (name, url, response.status_code)
        assert_no_personal_data(body_of(response), world, (name, url))
