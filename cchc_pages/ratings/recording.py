"""Recording an answer to "was this information useful?" (ND 224/2026/NĐ-CP Điều 10 khoản 3: online
rating of the information, the reader's privacy protected).

The form sits in pages that may be cached; its ticket comes from an uncached endpoint, and one
browser answers once per page, as with the polls (cchc_pages/core/ballots.py). What a browser
rated stays in its own signed cookie (the ids of the pages, newest last); the database keeps the
answer, never the address, account or cookie. The per-address limit counts a keyed hash of the
address in the cache for an hour, then forgets it.
"""

import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..core import ballots, conf
from ..core.client import hashed_ip
from ..core.errors import ClientError
from .models import PageRating, Reason

logger = logging.getLogger(__name__)

TICKETS = ballots.Tickets("cchc.ratings.ticket", key="p")
COOKIE = "cchc_rated"
COOKIE_SALT = "cchc.ratings.rated"
# Page ids one cookie remembers (the oldest forgotten first): about 1.5 KB at most.
REMEMBERED_PAGES = 200
ADDRESS_WINDOW = 3600

TICKET_MESSAGES = {
    "missing": (400, gettext_lazy("The form has expired or is incomplete. Please reload the page and answer again.")),
    "expired": (403, gettext_lazy("The form has expired. Please answer again.")),
    "invalid": (403, gettext_lazy("The form is not valid. Please reload the page and answer again.")),
    "foreign": (403, gettext_lazy("This form belongs to another page. Please answer on the page itself.")),
}


def make_token(page):
    return TICKETS.issue(page.pk)


def rated_pages(request):
    """The ids of the pages this browser rated, oldest first (from its signed cookie)."""
    value = ballots.remembered(request, COOKIE, COOKIE_SALT) or ""
    return [int(part) for part in value.split(".") if part.isdigit()]


def has_rated(request, page):
    return page.pk in rated_pages(request)


def remember(response, request, page):
    ids = [pk for pk in rated_pages(request) if pk != page.pk] + [page.pk]
    value = ".".join(str(pk) for pk in ids[-REMEMBERED_PAGES:])
    ballots.remember(response, COOKIE, value, COOKIE_SALT, conf.get("CCHC_RATING_COOKIE_DAYS"), request=request)


def parse(data):
    """(useful, reason, comment) from a submitted form; ClientError with a message otherwise.
    A reason goes with "no" only: with "yes" it is not kept."""
    useful = data.get("useful", "")
    if useful not in ("1", "0"):
        raise ClientError(400, _("Please answer whether this information was useful: Yes or No."))
    useful = useful == "1"
    reason = data.get("reason", "")
    if reason and reason not in Reason.values:
        raise ClientError(400, _("The reason chosen is not one of the list."))
    comment = data.get("comment", "").strip()
    limit = conf.get("CCHC_RATING_COMMENT_MAX_LENGTH")
    if len(comment) > limit:
        raise ClientError(
            400,
            _("Your comment is %(length)d characters long; please shorten it to at most %(limit)d.")
            % {"length": len(comment), "limit": limit},
        )
    if "\x00" in comment:
        raise ClientError(400, _("Your comment contains characters that cannot be stored."))
    return useful, ("" if useful else reason), comment


def record(request, page):
    """Validate the POSTed answer and store it; ClientError with nothing stored otherwise."""
    data = request.POST
    try:
        nonce = TICKETS.read(data.get("token", ""), page.pk, conf.get("CCHC_RATING_TOKEN_MAX_AGE"))["n"]
    except ballots.TicketError as error:
        status, message = TICKET_MESSAGES[error.reason]
        raise ClientError(status, str(message)) from None
    useful, reason, comment = parse(data)
    if has_rated(request, page):
        raise ClientError(409, _("You have already rated this page. Thank you."))
    _take_from_address(request)
    try:
        with transaction.atomic():
            return PageRating.objects.create(page=page, useful=useful, reason=reason, comment=comment, nonce=nonce)
    except IntegrityError:
        raise ClientError(409, _("This answer has already been recorded; a form can be sent only once.")) from None


def _take_from_address(request):
    """One answer from the address's hourly allowance: one cache round trip (incr; add the first
    time). A cache that cannot be reached lets the answer through: the ticket still guards it."""
    limit = conf.get("CCHC_RATING_MAX_PER_ADDRESS")
    if not limit:
        return
    key = f"cchc:rating:ip:{hashed_ip(request, 'ratings')}"
    try:
        try:
            n = cache.incr(key)
        except ValueError:  # the address's first answer this hour
            n = 1 if cache.add(key, 1, ADDRESS_WINDOW) else cache.incr(key)
    except Exception:
        logger.warning("The rating limit could not be checked: the cache is unreachable", exc_info=True)
        return
    if n is not None and n > limit:
        raise ClientError(429, _("Too many answers have come from your network in the last hour. Please try later."))
