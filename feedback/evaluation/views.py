"""Citizens' one-stop evaluation pages (TT 01/2018/TT-VPCP): the rating form of one dossier, reached
from the desk QR (the counter's short address, feedback:rate) or the receipt's link
(…/danh-gia-ho-so/?ma-ho-so=<code>), and the published roll-ups. None is cacheable except the
roll-ups, which hold nothing about the reader."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cchc_pages.core import ballots
from cchc_pages.core.errors import ClientError, render_error
from cchc_pages.core.listing import clean

from ..polls import conf
from ..polls.models import RatingTarget
from . import indicators, rating, scoring

ERROR_TEMPLATE = "feedback/evaluation/error.html"


def _targets():
    return list(RatingTarget.objects.filter(active=True).order_by("kind", "code"))


def form_context(request, code, target, data, error=None):
    context = {
        "code": code,
        "target": target,
        "targets": [] if target else _targets(),
        "indicators": indicators.CITIZEN_INDICATORS,
        "picked": {ind.field: str(data.get(ind.field, "")) for ind in indicators.CITIZEN_INDICATORS},
        "procedure_code": clean(data.get("procedure_code", data.get("ma-thu-tuc", "")), 50),
        "honeypot": rating.HONEYPOT_FIELD,
        "error": error,
        "max_total": indicators.MAX_TOTAL,
    }
    if code:
        context["rated"] = rating.already_rated(code)
        context["token"] = rating.make_token(code)
    return context


def render_form(request, code="", target=None, data=None, error=None, status=200):
    template = "feedback/evaluation/form.html" if code else "feedback/evaluation/ask.html"
    context = form_context(request, code, target, data or {}, error)
    return TemplateResponse(request, template, context, status=status)


@never_cache
@require_GET
def evaluate(request, target=None):
    """Without a code: the form asking for it. With a valid one: the rating form and its ticket."""
    raw = request.GET.get("ma-ho-so", "")
    if target is None and request.GET.get("quay"):
        try:
            target = rating.find_target(request.GET["quay"])
        except ClientError as error:
            return render_form(request, error=error.message, status=error.status)
    if not str(raw).strip():
        return render_form(request, target=target, data=request.GET)
    try:
        code = rating.normalize(raw)
    except ClientError as error:
        return render_form(request, target=target, data=request.GET, error=error.message, status=error.status)
    context = {"thanks": request.GET.get("da-gui") == "1"}
    response = render_form(request, code, target, request.GET)
    response.context_data.update(context)
    return response


@csrf_exempt  # the signed single-use ticket stands in for the CSRF token (see rating.py)
@never_cache
@require_POST
def submit(request):
    if not ballots.same_site(request):
        message = _("This rating was sent from another website and was not recorded. Rate on our own page.")
        return render_error(request, ClientError(403, message), ERROR_TEMPLATE)
    try:
        evaluation = rating.submit(request)
    except ClientError as error:
        code = ""
        try:
            code = rating.normalize(request.POST.get("dossier_code", ""))
        except ClientError:
            pass
        if code and error.status == 400:  # the same form again, with the answers kept and the reason
            target = None
            try:
                target = rating.find_target(request.POST.get("target", ""))
            except ClientError:
                pass
            return render_form(request, code, target, request.POST, error=error.message, status=400)
        return render_error(request, error, ERROR_TEMPLATE, code=code)
    url = reverse("feedback:evaluation") + "?" + urlencode({"ma-ho-so": evaluation.dossier_code, "da-gui": "1"})
    return HttpResponseRedirect(url, status=303)


@require_GET
def results(request):
    """The published roll-ups per counter/officer, per unit and per quarter (scoring.py)."""
    found = scoring.cells()
    context = {
        "by_target": scoring.published(scoring.TARGET, found),
        "by_unit": scoring.published(scoring.UNIT, found),
        "by_quarter": scoring.published(scoring.QUARTER, found),
        "indicators": indicators.INDICATORS,
        "minimum_published": conf.get("CCHC_POLL_MIN_PUBLISHED_VOTES"),
        "max_total": indicators.MAX_TOTAL,
    }
    return TemplateResponse(request, "feedback/evaluation/results.html", context)


def rollups_json(by, found):
    return [
        dict(rollup.as_dict(), name=rollup.label if by != scoring.QUARTER else None, kind=rollup.kind or None)
        for rollup in scoring.published(by, found)
    ]


@require_GET
def results_json(request):
    """The published roll-ups as open data (the dataset "evaluations", feedback/evaluation/api.py)."""
    found = scoring.cells()
    data = {
        "regulation": "Thông tư 01/2018/TT-VPCP",
        "minimum_published": conf.get("CCHC_POLL_MIN_PUBLISHED_VOTES"),
        "indicators": [
            {"number": ind.number, "label": str(ind.label), "source": ind.source} for ind in indicators.INDICATORS
        ],
        "by_quarter": rollups_json(scoring.QUARTER, found),
        "by_target": rollups_json(scoring.TARGET, found),
        "by_unit": rollups_json(scoring.UNIT, found),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
