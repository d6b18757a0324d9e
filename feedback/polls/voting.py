"""Casting a vote: signed vote tokens, one vote per person, and the single INSERT that records it.

A page holding a poll may come from a full-page cache, so it carries neither a CSRF token nor
anything about its reader. Just before voting, the widget fetches a vote token from an uncached
endpoint (cchc_pages/core/ballots.py, shared with the page ratings): the poll id, a random nonce
and (with the challenge on) a keyed hash of the expected answer. The vote endpoint accepts that
token instead of a CSRF token: a forged one fails the signature, an old one the age check, and a
replayed one the unique constraint on Ballot.nonce.
"""

import contextlib
import hmac
import logging
import random
import re

from django.core.cache import cache
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_pages.core import ballots
from cchc_pages.core.challenge import answer_digest
from cchc_pages.core.client import hashed_ip
from cchc_pages.core.errors import ClientError

from . import conf
from .models import Ballot, BallotChoice

logger = logging.getLogger(__name__)

TOKEN_SALT = "cchc.feedback.polls.vote-token"
COOKIE_SALT = "cchc.feedback.polls.voted"
HONEYPOT_FIELD = "website"
TICKETS = ballots.Tickets(TOKEN_SALT, key="p")
DOSSIER_CODE = re.compile(r"^[\w./-]{1,64}$")


# --- tokens ------------------------------------------------------------------------------


def make_token(poll):
    """(token, challenge question or None) for one vote in this poll."""
    if not conf.get("CCHC_POLL_CHALLENGE"):
        return TICKETS.issue(poll.pk), None
    a, b = random.randint(1, 9), random.randint(1, 9)
    nonce = ballots.new_nonce()
    return TICKETS.issue(poll.pk, nonce, c=answer_digest(TOKEN_SALT, nonce, a + b)), f"{a} + {b} = ?"


TICKET_MESSAGES = {
    "missing": (
        400,
        gettext_lazy("The voting form has expired or is incomplete. Please reload the page and vote again."),
    ),
    "expired": (403, gettext_lazy("Your voting form has expired. Please vote again.")),
    "invalid": (403, gettext_lazy("The vote token is not valid. Please reload the page and vote again.")),
    "foreign": (403, gettext_lazy("The vote token does not belong to this poll.")),
}


def read_token(token, poll, answer=""):
    """The nonce of a valid token for this poll, else ClientError."""
    try:
        payload = TICKETS.read(token, poll.pk, conf.get("CCHC_POLL_TOKEN_MAX_AGE"))
    except ballots.TicketError as error:
        status, message = TICKET_MESSAGES[error.reason]
        raise ClientError(status, str(message)) from None
    if "c" in payload:
        answer = (answer or "").strip()
        if not answer.isdigit() or not hmac.compare_digest(
            payload["c"], answer_digest(TOKEN_SALT, payload["n"], int(answer))
        ):
            raise ClientError(400, _("The answer to the check question is not right. Please try again."))
    return payload["n"]


# --- one vote per person -------------------------------------------------------------------


def cookie_name(poll, target=None):
    return f"cchc_poll_{poll.pk}" + (f"_{target.pk}" if target else "")


def has_voted(request, poll, target=None):
    return ballots.remembered(request, cookie_name(poll, target), COOKIE_SALT) == "1"


def remember_vote(response, poll, target=None, request=None):
    """The signed cookie saying this browser voted (see ballots.remember)."""
    ballots.remember(
        response, cookie_name(poll, target), "1", COOKIE_SALT, conf.get("CCHC_POLL_COOKIE_DAYS"), request=request
    )


def ip_hash(request):
    return hashed_ip(request, "feedback.polls", conf.get("CCHC_POLL_IP_SALT") or "derived-from-secret-key")


# --- the vote ------------------------------------------------------------------------------------


def parse_choices(poll, values):
    """The PollChoice objects a ballot picked, validated against the poll; ClientError otherwise."""
    if not values:
        raise ClientError(400, _("Please choose an answer."))
    if any(not value.isdigit() for value in values):
        raise ClientError(400, _("The chosen answer is not valid."))
    ids = {int(value) for value in values}
    limit = poll.answer_limit()
    if len(ids) > limit:
        raise ClientError(400, _("You may choose at most %(n)d answer(s).") % {"n": limit})
    choices = [choice for choice in poll.choices.all() if choice.pk in ids]
    if len(choices) != len(ids):
        raise ClientError(400, _("The chosen answer does not belong to this poll."))
    return choices


def parse_target(poll, code):
    """The counter/officer rated (rating polls only)."""
    targets = list(poll.targets.all())
    if not targets:
        if code:
            raise ClientError(400, _("This poll does not rate counters or officers."))
        return None
    target = next((t for t in targets if t.code == code and t.active), None)
    if target is None:
        raise ClientError(400, _("Please choose the counter or officer you are rating."))
    return target


def cast(request, poll):
    """Validate the POSTed vote and record it: (ballot, target, choices). Raises ClientError with nothing saved."""
    data = request.POST
    if data.get(HONEYPOT_FIELD):
        raise ClientError(400, _("Your vote could not be accepted."))
    nonce = read_token(data.get("token", ""), poll, data.get("answer", ""))
    if not poll.is_open():
        if poll.has_closed():
            raise ClientError(403, _("This poll has closed; it no longer accepts votes."))
        raise ClientError(403, _("This poll is not open for voting yet."))
    target = parse_target(poll, data.get("target", "").strip())
    choices = parse_choices(poll, data.getlist("choice"))
    dossier_code = data.get("dossier_code", "").strip()
    if dossier_code and not DOSSIER_CODE.match(dossier_code):
        raise ClientError(400, _("The dossier code may contain only letters, digits, dots, slashes and hyphens."))
    if has_voted(request, poll, target):
        raise ClientError(409, _("You have already voted. Each person may vote only once."))
    hashed_ip = ip_hash(request)
    counted = count_address(poll, target, hashed_ip)
    try:
        ballot = record_ballot(
            Ballot(poll=poll, target=target, dossier_code=dossier_code, nonce=nonce, ip_hash=hashed_ip), choices
        )
    except IntegrityError:
        uncount_address(counted)
        raise ClientError(409, _("This vote has already been counted; a voting form can be used only once.")) from None
    except BaseException:
        uncount_address(counted)
        raise
    return ballot, target, choices


def record_ballot(ballot, choices):
    """INSERT the unsaved `ballot` and its picks, all or nothing; no count is read and written back.

    On PostgreSQL one statement does both (a data-modifying WITH): a statement is atomic on its
    own, so the vote costs one round trip instead of BEGIN, two INSERTs and COMMIT, which is most
    of what a vote waits for when many citizens vote at once. Elsewhere: the two INSERTs in a
    transaction. A replayed token fails the unique nonce either way (IntegrityError), saving nothing.
    """
    connection = connections[router.db_for_write(Ballot)]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=connection.alias):
            ballot.save(force_insert=True, using=connection.alias)
            BallotChoice.objects.using(connection.alias).bulk_create(
                [BallotChoice(ballot=ballot, choice=choice) for choice in choices]
            )
        return ballot
    fields = [Ballot._meta.get_field(name) for name in ("poll", "target", "dossier_code", "nonce", "ip_hash")]
    fields.append(Ballot._meta.get_field("created_at"))
    values = [ballot.poll_id, ballot.target_id, ballot.dossier_code, ballot.nonce, ballot.ip_hash, ballot.created_at]
    quote = connection.ops.quote_name
    pick_ballot, pick_choice = (BallotChoice._meta.get_field(name).column for name in ("ballot", "choice"))
    sql = (
        f"WITH b AS (INSERT INTO {quote(Ballot._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {quote(Ballot._meta.pk.column)}) "
        f"INSERT INTO {quote(BallotChoice._meta.db_table)} ({quote(pick_ballot)}, {quote(pick_choice)}) "
        f"SELECT b.{quote(Ballot._meta.pk.column)}, c FROM b, unnest(%s::bigint[]) AS c RETURNING {quote(pick_ballot)}"
    )
    # Inside an open transaction (a caller's atomic block) a failed statement must not poison it.
    guard = transaction.atomic(using=connection.alias) if connection.in_atomic_block else contextlib.nullcontext()
    with guard, connection.cursor() as cursor:
        cursor.execute(sql, [*values, [choice.pk for choice in choices]])
        ballot.pk = cursor.fetchone()[0]
    ballot._state.adding, ballot._state.db = False, connection.alias
    return ballot


# --- votes per address ---------------------------------------------------------------------------


def count_address(poll, target, hashed_ip):
    """Count this vote against its address's limit in the cache (Redis when REDIS_URL is set) and
    return the cache key, or None when there is no limit; ClientError when over the limit or when the
    cache cannot be reached (a vote that cannot be checked is refused, never taken unchecked).

    A counter in the cache, not a COUNT over the ballots: it costs one round trip whatever the
    number of votes. Without Redis each server process counts on its own (see README).
    """
    return count_key(f"cchc:poll:{poll.pk}:{target.pk if target else 0}:ip:{hashed_ip}", _limit_seconds(poll))


def count_key(key, seconds):
    """count_address for any answer counted per address (the polls', the one-stop evaluations'):
    `key` names the address's counter, kept `seconds`."""
    limit = conf.get("CCHC_POLL_MAX_VOTES_PER_IP")
    if not limit:
        return None
    n = None
    try:
        # Most addresses vote once: their count is created in one round trip; an address voting
        # again (add refuses an existing key) takes a second one. Twice at most: the count may
        # expire between add and incr.
        for _attempt in range(2):
            try:
                n = 1 if cache.add(key, 1, seconds) else cache.incr(key)
                break
            except ValueError:
                continue
    except Exception:  # a cache backend that raises when its server is down
        logger.warning("The vote limit could not be checked: the cache is unreachable", exc_info=True)
        n = None
    if n is None:  # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down
        raise ClientError(
            503, _("Voting is briefly unavailable and your vote was not recorded. Please try again in a few minutes.")
        )
    if n > limit:
        uncount_address(key)
        raise ClientError(429, _("You have already voted: your network address has sent as many votes as allowed."))
    return key


def uncount_address(key):
    """Give back a count taken for a vote that was then not recorded."""
    if key is not None:
        try:
            cache.decr(key)
        except Exception:  # gone or unreachable: the count then errs on the strict side
            logger.warning("A vote count could not be given back", exc_info=True)


def _limit_seconds(poll):
    """The per-address count lives until a day after the poll closes (90 days for an open-ended poll)."""
    if poll.closes_at:
        return max(86400, int((poll.closes_at - timezone.now()).total_seconds()) + 86400)
    return 90 * 86400
