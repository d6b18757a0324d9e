"""The public side beyond the form itself (pages.py): tracking, the published questions and answers;
and the admin's permission-checked attachment download. Bad input gets a Vietnamese message and a 4xx."""

from django.db.models import Q
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from wagtail.admin.auth import permission_required

from cchc_pages.core.client import hashed_ip
from cchc_pages.core.errors import ClientError, render_error
from cchc_pages.core.listing import is_number, paginate, param
from cchc_pages.core.text import fold

from . import conf
from .files import ALLOWED
from .forms import LookupForm, code_locked, count_code_failure, rate_limited
from .models import Status, Submission, SubmissionAttachment, SubmissionEvent

MODERATE = "cchc_feedback.moderate_submission"
# What a citizen sees of the audit trail when tracking: status changes, never notes or names.
PUBLIC_ACTIONS = {
    SubmissionEvent.Action.RECEIVED,
    SubmissionEvent.Action.ACCEPTED,
    SubmissionEvent.Action.REJECTED,
    SubmissionEvent.Action.ASSIGNED,
    SubmissionEvent.Action.PROCESSING,
    SubmissionEvent.Action.ANSWERED,
    SubmissionEvent.Action.PUBLISHED,
    SubmissionEvent.Action.MERGED,
}


def _page_context(page, **extra):
    return {"page": page, "self": page, **extra}


def error(request, page, failure):
    """The submissions' "we could not do this" page for a refused request."""
    return render_error(request, failure, "feedback/submissions/error.html", page=page)


def lookup(page, request):
    submission, status = None, 200
    if request.method == "POST":
        form = LookupForm(request.POST)
        ip_hash = hashed_ip(request, "feedback.submissions")
        limited = rate_limited("lookup", ip_hash, conf.get("CCHC_FEEDBACK_LOOKUP_RATE_LIMIT"))
        if limited is None:
            # The cache (Redis) is unreachable: refused rather than unchecked. Every look-up, failed
            # ones included, counts, because the limit is what keeps an attacker from trying tracking
            # codes against a known phone number; waiting a few minutes costs the citizen nothing.
            message = gettext("Tracking is briefly unavailable. Please try again in a few minutes.")
            return error(request, page, ClientError(503, message))
        if limited:
            message = gettext("Too many look-ups from your connection. Please try again in an hour.")
            return error(request, page, ClientError(429, message))
        if form.is_valid():
            code = form.normalized_code()
            if code_locked(code):
                message = gettext(
                    "Too many wrong attempts with this tracking code: its look-up is locked for a while. "
                    "Please try again later."
                )
                return error(request, page, ClientError(429, message))
            submission = form.find()
            if submission is None:
                count_code_failure(code)
                form.add_error(
                    None,
                    gettext(
                        "No submission matches this tracking code and phone number or email. Check both and try again."
                    ),
                )
                status = 404
        else:
            status = 400
    else:
        form = LookupForm()
    events = []
    if submission is not None:
        events = [e for e in submission.events.all() if e.action in PUBLIC_ACTIONS]
    return TemplateResponse(
        request,
        "feedback/submissions/lookup.html",
        _page_context(page, form=form, submission=submission, events=events),
        status=status,
    )


def published():
    return Submission.objects.filter(status=Status.PUBLISHED).select_related("procedure_page")


def answers(page, request):
    items = published().order_by("-published_at", "-pk")
    query = param(request.GET, "q", 200)
    sector = param(request.GET, "linh-vuc")
    procedure = param(request.GET, "thu-tuc")
    year = param(request.GET, "nam")
    try:
        if year:
            if not is_number(year) or not 1900 < int(year) < 3000:
                raise ClientError(400, gettext("“%(year)s” is not a valid year.") % {"year": year[:20]})
            items = items.filter(published_at__year=int(year))
        if sector:
            items = items.filter(sector=sector)
        if procedure:
            items = items.filter(Q(procedure_text=procedure) | Q(procedure_page__title=procedure))
        for word in fold(query).split():
            items = items.filter(folded_text__contains=word)
        page_obj = paginate(request, items, conf.get("CCHC_FEEDBACK_PER_PAGE"))
    except ClientError as failure:
        return error(request, page, failure)
    # The filters' choices: distinct values computed by the database, not by scanning every row here.
    every = Submission.objects.filter(status=Status.PUBLISHED).order_by()
    sectors = sorted(every.exclude(sector="").values_list("sector", flat=True).distinct())
    procedures = sorted(
        set(every.exclude(procedure_text="").values_list("procedure_text", flat=True).distinct())
        | set(every.filter(procedure_page__isnull=False).values_list("procedure_page__title", flat=True).distinct())
    )
    years = sorted({d.year for d in every.dates("published_at", "year")}, reverse=True)
    return TemplateResponse(
        request,
        "feedback/submissions/answers_page.html",
        _page_context(
            page,
            items=page_obj.object_list,
            page_obj=page_obj,
            search_query=query,
            sectors=sectors,
            procedures=procedures,
            years=years,
            selected={"sector": sector, "procedure": procedure, "year": year},
            filtered=bool(query or sector or procedure or year),
        ),
    )


def answer_detail(page, request, pk):
    item = published().filter(pk=pk).first()
    if item is None:
        message = gettext("This question has not been published or does not exist.")
        return error(request, page, ClientError(404, message))
    return TemplateResponse(request, "feedback/submissions/answer_detail.html", _page_context(page, item=item))


@permission_required(MODERATE)  # without it: Wagtail's "no permission" message and redirect
def download_attachment(request, pk):
    """Stream an attachment to a moderator: always as a download, never rendered by the browser.
    Read through the storage (local folder or private bucket), never a redirect to a storage URL,
    so the bucket stays private and this permission check is the only way in."""
    attachment = SubmissionAttachment.objects.filter(pk=pk).first()
    if attachment is None or not attachment.file:
        raise Http404
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=ALLOWED.get(attachment.kind)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
