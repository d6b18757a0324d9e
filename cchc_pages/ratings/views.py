"""The rating endpoints. None is cacheable: they carry tickets or the reader's own state.

The form in a (possibly cached) page links here: /token/ and /gui/ for the in-place answer with
JavaScript; without it, the form goes to the confirmation page, which repeats the answer with a
ticket, and one more press sends it, then the thank-you page leads back.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Page

from ..core import ballots
from ..core.errors import ClientError, render_error
from . import recording
from .models import Reason

ERROR_TEMPLATE = "cchc_pages/ratings/error.html"


def _rated_page(page_id):
    """The live, public page being rated; ClientError(404) for any other id."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or page.is_root():
        raise ClientError(404, _("This page does not exist or is not published, so it cannot be rated."))
    return page


def _refuse(request, error, page=None):
    if ballots.wants_json(request):
        return JsonResponse({"ok": False, "error": error.message}, status=error.status)
    return render_error(request, error, ERROR_TEMPLATE, rated_page=page)


@never_cache
@require_GET
def token(request, page_id):
    """A fresh ticket for the form's script, and whether this browser has rated the page already."""
    try:
        page = _rated_page(page_id)
    except ClientError as error:
        return _refuse(request, error)
    return JsonResponse({"token": recording.make_token(page), "rated": recording.has_rated(request, page)})


@csrf_exempt  # posted to by the cached page's plain form; it records nothing
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, page_id):
    """The answer without JavaScript: the reader's choices again, with a ticket; one press sends them."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        page = _rated_page(page_id)
    except ClientError as error:
        return _refuse(request, error)
    useful = data.get("useful", "")
    reason = data.get("reason", "")
    comment_max = recording.conf.get("CCHC_RATING_COMMENT_MAX_LENGTH")
    context = {
        "rated_page": page,
        "token": recording.make_token(page),
        "rated": recording.has_rated(request, page),
        "useful": useful if useful in ("1", "0") else "",
        "reason": reason if reason in Reason.values else "",
        "comment": data.get("comment", "")[:comment_max],
        "reasons": Reason.choices,
        "comment_max": comment_max,
    }
    return TemplateResponse(request, "cchc_pages/ratings/confirm.html", context)


@csrf_exempt  # the signed, single-use ticket stands in for the CSRF token (see core/ballots.py)
@never_cache
@require_POST
def send(request, page_id):
    page = None  # named in the refusal once known
    try:
        page = _rated_page(page_id)
        if not ballots.same_site(request):
            raise ClientError(403, _("This answer was sent from another website and was not recorded."))
        rating = recording.record(request, page)
    except ClientError as error:
        return _refuse(request, error, page)
    message = _("Thank you: your answer helps us improve this page.")
    if ballots.wants_json(request):
        response = JsonResponse({"ok": True, "message": message})
    else:
        url = reverse("cchc_pages:rating_thanks", args=[page.pk]) + "?" + urlencode({"tra-loi": int(rating.useful)})
        response = HttpResponseRedirect(url, status=303)
    recording.remember(response, request, page)
    return response


@never_cache
@require_GET
def thanks(request, page_id):
    """Where the plain form lands: thanks, and the way back to the page rated."""
    try:
        page = _rated_page(page_id)
    except ClientError as error:
        return _refuse(request, error)
    context = {"rated_page": page, "rated": recording.has_rated(request, page)}
    return TemplateResponse(request, "cchc_pages/ratings/thanks.html", context)
