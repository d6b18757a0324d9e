"""Citizens' poll endpoints. None of them is cacheable: they carry tokens or per-voter state.

The widget embedded in (possibly cached) pages only links here: /token/ and /gui/ for the
in-place JavaScript vote, the ballot form for the same vote without JavaScript.
"""

from urllib.parse import quote

import segno
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc_pages.core import ballots
from cchc_pages.core.errors import ClientError, render_error
from cchc_pages.core.listing import clean

from ..evaluation import views as evaluation_views
from . import caching, conf, voting
from .models import RatingTarget


def _error(request, poll, error):
    """A refused vote, as JSON for the widget's script or as the "vote not recorded" page."""
    if ballots.wants_json(request):
        return JsonResponse({"ok": False, "error": error.message}, status=error.status)
    back = ballots.safe_next(request, request.POST.get("next", ""))
    return render_error(request, error, "feedback/polls/error.html", poll=poll, back=back)


def _public_poll(request, poll_id, *, archived_too=False):
    """The poll for a public page, 404 while it is not open yet (its question is not public before
    then) and, with `archived_too`, once it is archived. Editors (staff) still see it; the admin
    has its own preview and results."""
    poll = caching.get_poll(poll_id)
    if request.user.is_authenticated and request.user.is_staff:
        return poll
    if poll.opens_at > timezone.now() or (archived_too and poll.archived):
        raise Http404
    return poll


def results_context(request, poll, target=None):
    voted = voting.has_voted(request, poll, target)
    visible = poll.results_visible_to(request, voted)
    results = target_results = None
    if visible and poll.is_rating:
        # The overall of a rating poll counts only the published quarters (Poll.published_overall).
        target_results = poll.target_results()
        results = poll.published_overall(target_results)
    elif visible:
        results = caching.results(poll)
    return {
        "poll": poll,
        "voted": voted,
        "results_visible": visible,
        "results": results,
        "target_results": target_results,
        "minimum_published": conf.get("CCHC_POLL_MIN_PUBLISHED_VOTES"),
    }


@never_cache
@require_GET
def token(request, poll_id):
    """A fresh vote token (and the check question when the challenge is on) for the widget."""
    poll = caching.token_poll(poll_id)
    value, question = voting.make_token(poll)
    return JsonResponse(
        {"token": value, "challenge": question, "voted": voting.has_voted(request, poll), "open": poll.is_open()}
    )


@csrf_exempt  # the signed, single-use vote token stands in for the CSRF token (see voting.py)
@never_cache
@require_POST
def vote(request, poll_id):
    poll, totals = caching.get_poll_and_totals(poll_id)
    if not ballots.same_site(request):
        message = _("This vote was sent from another website and was not counted. Vote on our own page.")
        return _error(request, poll, ClientError(403, message))
    try:
        ballot, target, choices = voting.cast(request, poll)
    except ClientError as error:
        return _error(request, poll, error)
    message = _("Thank you: your vote has been counted.")
    if ballots.wants_json(request):
        visible = poll.results_visible_to(request, True)
        results = None
        if visible:
            results = poll.published_overall() if poll.is_rating else caching.results(poll, ballot, choices, totals)
        html = caching.results_html(poll, visible, results)
        response = JsonResponse({"ok": True, "message": message, "results_html": html})
    else:
        url = reverse("feedback:poll_results", args=[poll.pk]) + "?da-binh-chon=1"
        back = ballots.safe_next(request, request.POST.get("next", ""))
        if target:
            url += "&doi-tuong=" + target.code
        if back:
            url += "&next=" + quote(back)
        response = HttpResponseRedirect(url, status=303)
    voting.remember_vote(response, poll, target, request=request)
    return response


@csrf_exempt  # posted to by the cached widget's plain form; it records nothing
@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request, poll_id):
    """The vote without JavaScript: the cached widget's form lands here, and this uncached page
    repeats the question with the reader's answers ticked and a fresh token; one more press votes."""
    poll = _public_poll(request, poll_id)
    data = request.POST if request.method == "POST" else request.GET
    return _ballot_page(request, poll, None, data)


def _ballot_page(request, poll, target, data):
    if target is None and poll.is_rating:
        raise Http404(_("Rate a counter or officer from its own address."))
    value, question = voting.make_token(poll)
    picked = {v for v in data.getlist("choice") if v.isdigit()}
    context = {
        "poll": poll,
        "target": target,
        "token": value,
        "challenge": question,
        "picked": picked,
        "dossier_code": data.get("ma-ho-so", data.get("dossier_code", ""))[:64],
        "next": ballots.safe_next(request, data.get("next", "")),
        "voted": voting.has_voted(request, poll, target),
        "honeypot": voting.HONEYPOT_FIELD,
    }
    return TemplateResponse(request, "feedback/polls/ballot.html", context)


@never_cache
def results(request, poll_id):
    poll = _public_poll(request, poll_id, archived_too=True)
    target = None
    code = clean(request.GET.get("doi-tuong", ""), 100)
    if code:
        target = RatingTarget.objects.filter(code=code).first()
    context = results_context(request, poll, target)
    context.update(
        just_voted=request.GET.get("da-binh-chon") == "1" and context["voted"],
        next=ballots.safe_next(request, request.GET.get("next", "")),
        target=target,
    )
    return TemplateResponse(request, "feedback/polls/results.html", context)


@never_cache
@require_GET
def results_json(request, poll_id):
    poll = _public_poll(request, poll_id, archived_too=True)
    voted = voting.has_voted(request, poll)
    if not poll.results_visible_to(request, voted):
        return JsonResponse({"error": _("The results of this poll are not published yet.")}, status=403)
    data = {"poll": poll.pk, "question": poll.question, "open": poll.is_open()}
    data.update(caching.published_results(poll))  # published quarters only
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _rating_poll(target):
    """The open rating poll this counter/officer is rated in (the newest if several)."""
    polls = [p for p in target.polls.filter(archived=False).prefetch_related("choices", "targets") if p.is_open()]
    return polls[0] if polls else None


@never_cache
def rate(request, code):
    """The short address on a desk sign: rate this counter or officer. While a rating poll is open for
    it, its ballot (with a link to the dossier's evaluation); otherwise the one-stop evaluation of a
    dossier received there (feedback/evaluation/), which replaces the single-question rating."""
    target = get_object_or_404(RatingTarget, code=code, active=True)
    poll = _rating_poll(target)
    if poll is None:
        return evaluation_views.evaluate(request, target=target)
    return _ballot_page(request, poll, target, request.GET)


@require_GET
def qr_sign(request, code):
    """A printable desk sign with the target's short address as an SVG QR code (made here, no service)."""
    target = get_object_or_404(RatingTarget, code=code)
    url = request.build_absolute_uri(reverse("feedback:rate", args=[target.code]))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=8, dark="#000", light="#fff", omitsize=True)
    return TemplateResponse(request, "feedback/polls/qr_sign.html", {"target": target, "url": url, "qr_svg": svg})
