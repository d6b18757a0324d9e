"""A citizen's rating of one dossier, cache-safe like a poll vote (feedback/polls/voting.py).

The rating form is an uncached page carrying a signed single-use ticket bound to the dossier code
(cchc_pages/core/ballots.py); the POST accepts it instead of a CSRF token. Its address's votes are
counted against CCHC_POLL_MAX_VOTES_PER_IP with the polls' counter (voting.count_key).

One rating per dossier, refused (409) rather than replaced: whoever holds a receipt, or reads one
over a shoulder, could otherwise overwrite the citizen's verdict, and the one-stop shop's scores
must stay the ones it was given. A row the one-stop shop opened first (its dossier-side scores) is
completed by the citizen's rating once, in one conditional UPDATE.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_pages.core import ballots
from cchc_pages.core.errors import ClientError

from ..polls import conf, voting
from ..polls.models import RatingTarget
from . import indicators
from .models import CODE, CODE_MESSAGE, DossierEvaluation

TOKEN_SALT = "cchc.feedback.evaluation.ticket"
TICKETS = ballots.Tickets(TOKEN_SALT, key="d")
HONEYPOT_FIELD = voting.HONEYPOT_FIELD
# How long an address's count of ratings lives (CCHC_POLL_MAX_VOTES_PER_IP ratings in that time).
LIMIT_SECONDS = 90 * 86400
TARGET_CODE = re.compile(r"^[a-z0-9-]+$")
PROCEDURE_CODE = re.compile(r"^[A-Za-z0-9.\-]{1,50}$")

ALREADY_RATED = gettext_lazy("This dossier has already been rated. Each dossier can be rated only once.")
TICKET_MESSAGES = {
    "missing": (400, gettext_lazy("The rating form has expired or is incomplete. Please open it again.")),
    "expired": (403, gettext_lazy("Your rating form has expired. Please open it again.")),
    "invalid": (403, gettext_lazy("The rating form is not valid. Please open it again.")),
    "foreign": (403, gettext_lazy("This rating form belongs to another dossier. Please open it again.")),
}


def normalize(value):
    """The dossier code as stored: without spaces, upper case; ClientError when it cannot be one."""
    code = "".join(str(value or "").split()).upper()
    if not code:
        raise ClientError(400, _("Please enter the dossier code printed on your receipt."))
    if len(code) > 64 or not CODE.match(code):
        raise ClientError(400, str(CODE_MESSAGE))
    return code


def make_token(code):
    return TICKETS.issue(code)


def read_token(token, code):
    try:
        return TICKETS.read(token, code, conf.get("CCHC_POLL_TOKEN_MAX_AGE"))["n"]
    except ballots.TicketError as error:
        status, message = TICKET_MESSAGES[error.reason]
        raise ClientError(status, str(message)) from None


def find_target(value):
    """The active counter/officer named by its short code, None when none is given."""
    value = str(value or "").strip()
    if not value:
        return None
    target = None
    if len(value) <= 32 and TARGET_CODE.match(value):
        target = RatingTarget.objects.filter(code=value, active=True).first()
    if target is None:
        raise ClientError(400, _("The counter or officer chosen does not exist."))
    return target


def parse_scores(data):
    """{field: points} of the citizen's indicators; each must be answered with 0, 1 or 2."""
    scores = {}
    for indicator in indicators.CITIZEN_INDICATORS:
        value = str(data.get(indicator.field, "")).strip()
        if value not in ("0", "1", "2"):
            raise ClientError(
                400, _("Please answer every question (missing: “%(question)s”).") % {"question": indicator.label}
            )
        scores[indicator.field] = int(value)
    return scores


def parse_procedure(value):
    value = str(value or "").strip()
    if value and not PROCEDURE_CODE.match(value):
        raise ClientError(400, _("The procedure code may contain only letters, digits, dots and hyphens."))
    return value


def already_rated(code):
    return DossierEvaluation.objects.filter(dossier_code=code, rated_at__isnull=False).exists()


def submit(request):
    """Validate the POSTed rating and record it: the DossierEvaluation. ClientError, nothing saved."""
    data = request.POST
    if data.get(HONEYPOT_FIELD):
        raise ClientError(400, _("Your rating could not be accepted."))
    code = normalize(data.get("dossier_code", ""))
    nonce = read_token(data.get("token", ""), code)
    target = find_target(data.get("target", ""))
    scores = parse_scores(data)
    procedure = parse_procedure(data.get("procedure_code", ""))
    if already_rated(code):
        raise ClientError(409, str(ALREADY_RATED))
    hashed_ip = voting.ip_hash(request)
    try:
        counted = voting.count_key(f"cchc:evaluation:ip:{hashed_ip}", LIMIT_SECONDS)
    except ClientError as error:
        if error.status == 429:
            raise ClientError(429, _("Your network address has sent as many ratings as allowed.")) from None
        raise
    try:
        evaluation = record(code, nonce, hashed_ip, target, procedure, scores)
    except BaseException:
        voting.uncount_address(counted)
        raise
    return evaluation


def record(code, nonce, ip_hash, target, procedure, scores):
    """INSERT the rating, or complete the row the one-stop shop opened; 409 when it was rated."""
    now = timezone.now()
    fields = dict(scores, rated_at=now, nonce=nonce, ip_hash=ip_hash)
    extra = {}
    if target is not None:
        extra.update(target=target, unit_id=target.unit_id)
    if procedure:
        extra["procedure_code"] = procedure
    try:
        with transaction.atomic():
            return DossierEvaluation.objects.create(dossier_code=code, created_at=now, **fields, **extra)
    except IntegrityError:
        pass
    # The row exists: complete it once (rated_at still NULL), in one statement, keeping what the
    # one-stop shop recorded about the counter, unit and procedure.
    with transaction.atomic():
        row = DossierEvaluation.objects.select_for_update().filter(dossier_code=code, rated_at__isnull=True).first()
        if row is None:
            raise ClientError(409, str(ALREADY_RATED))
        for name, value in fields.items():
            setattr(row, name, value)
        for name, value in extra.items():
            if getattr(row, name if name != "target" else "target_id") in (None, ""):
                setattr(row, name, value)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the token's nonce already recorded a rating
            raise ClientError(409, str(ALREADY_RATED)) from None
    return row
