"""The public submission form and the tracking look-up form, with their anti-abuse checks."""

import hashlib
import hmac
import logging
import random
import re
import secrets
import unicodedata

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cchc_pages.core import challenge
from cchc_pages.core.challenge import answer_digest
from cchc_pages.core.listing import clean
from cchc_pages.core.validators import national_number
from cchc_pages.procedures.models import ProcedurePage

from ..notices import conf as notices_conf
from . import conf
from .files import AttachmentError, check_uploads
from .models import Consent, ShownAs, Submission

logger = logging.getLogger("feedback")

CHALLENGE_SALT = "cchc-feedback-challenge"
CHALLENGE_MAX_AGE = 2 * 3600


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class SubmissionForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    address = forms.CharField(
        label=_("Address"), max_length=500, required=False, help_text=_("E.g. “Số 12 Lê Lợi, phường Hòa Bình, tỉnh …”.")
    )
    phone = forms.RegexField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        regex=r"^\+?[0-9 .\-]{8,20}$",
        error_messages={"invalid": _("Enter a phone number of 8 to 20 digits.")},
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    # Offered only when the site has a sender for text messages (CCHC_FEEDBACK_PHONE_SENDER).
    phone_notices = forms.BooleanField(
        label=_("Also send me the notices by text message (Zalo or SMS) to this phone number"),
        help_text=_("A message carries only the tracking code and the link to look it up."),
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(label=pgettext_lazy("feedback", "Content"), widget=forms.Textarea(attrs={"rows": 8}))
    procedure_text = forms.CharField(
        label=_("Administrative procedure concerned"),
        max_length=500,
        required=False,
        help_text=_("Its name, if your submission concerns a procedure."),
    )
    # The MaTTHC code of the procedure page the citizen came from ("Phản ánh về thủ tục này").
    procedure_code = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to %(count)d files: PDF, JPG, PNG or DOCX."),
    )
    consent = forms.ChoiceField(
        label=_("Publication"), choices=Consent.choices, initial=Consent.NONE, widget=forms.RadioSelect
    )
    # How the citizen appears if the question is published: chosen here, never read from the address.
    shown_as = forms.ChoiceField(
        label=_("If your question is published, show me as"),
        choices=ShownAs.choices,
        initial=ShownAs.ANONYMOUS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how you are shown: anonymous, or the initials of your name.")},
    )
    public_locality = forms.CharField(
        label=_("Ward or commune shown with your question (optional)"),
        max_length=60,
        required=False,
        help_text=_(
            "Fill it in only if you want it published, e.g. “phường Hòa Bình”, “xã Bằng Thành” or "
            "“đặc khu Phú Quốc”. Nothing of the address above is ever published."
        ),
    )
    # Honeypot: hidden from people by CSS and aria-hidden, and out of the Tab order (a focusable
    # field inside aria-hidden would be reachable by keyboard yet unnamed to a screen reader,
    # WCAG 4.1.2); bots fill every field.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    challenge_answer = forms.CharField(label=_("Answer"), required=False, max_length=10)
    challenge_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        maximum = conf.get("CCHC_FEEDBACK_MAX_CONTENT_LENGTH")
        self.fields["content"].validators.append(MaxLengthValidator(maximum))
        self.fields["content"].error_messages["max_length"] = _(
            "The content is too long (at most %(limit_value)d characters, it has %(show_value)d)."
        )
        self.fields["attachments"].help_text = self.fields["attachments"].help_text % {
            "count": conf.get("CCHC_FEEDBACK_MAX_ATTACHMENTS")
        }
        if not notices_conf.get("CCHC_FEEDBACK_PHONE_SENDER"):
            del self.fields["phone_notices"]
        self.use_challenge = conf.get("CCHC_FEEDBACK_CHALLENGE")
        if not self.use_challenge:
            del self.fields["challenge_answer"]
            del self.fields["challenge_token"]
        elif not self.is_bound:
            self.initial["challenge_token"] = self.new_challenge()

    def new_challenge(self):
        """Set a fresh check question; return its signed token."""
        a, b = random.randint(1, 9), random.randint(1, 9)
        self.challenge_question = gettext("How much is %(a)d + %(b)d?") % {"a": a, "b": b}
        # A signed token is readable by anyone: it carries a keyed digest of the sum, not the numbers.
        nonce = secrets.token_hex(8)
        token = {"n": nonce, "c": answer_digest(CHALLENGE_SALT, nonce, str(a + b))}
        return signing.dumps(token, salt=CHALLENGE_SALT)

    def full_clean(self):
        super().full_clean()
        if self.use_challenge and self.is_bound and self._errors:
            # The form comes back: with a new question, whose text the old token cannot give.
            self.data = self.data.copy()
            self.data["challenge_token"] = self.new_challenge()
            self.data["challenge_answer"] = ""

    def clean_content(self):
        return self.cleaned_data["content"].strip()

    def clean_shown_as(self):
        return self.cleaned_data.get("shown_as") or ShownAs.ANONYMOUS

    def clean_public_locality(self):
        value = clean_locality(self.cleaned_data.get("public_locality"))
        if value is None:
            raise forms.ValidationError(
                gettext(
                    "Write only the name of a ward, commune or special zone, starting with “phường”, “xã” or "
                    "“đặc khu”, e.g. “phường Hòa Bình”: no house number, street, phone number or other sign."
                ),
                code="locality",
            )
        return value

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        maximum = conf.get("CCHC_FEEDBACK_MAX_ATTACHMENTS")
        if len(uploads) > maximum:
            raise forms.ValidationError(
                ngettext("Attach at most %(count)d file.", "Attach at most %(count)d files.", maximum)
                % {"count": maximum}
            )
        try:
            return check_uploads(uploads)
        except AttachmentError as error:
            raise forms.ValidationError(error.messages) from None

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(gettext("Your submission could not be accepted."), code="honeypot")
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            raise forms.ValidationError(
                gettext("Give a phone number or an email address, so that we can answer you."), code="no_channel"
            )
        if data.get("phone_notices") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", gettext("Give the phone number the text messages should go to."))
        if self.use_challenge:
            try:
                token = signing.loads(data.get("challenge_token") or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
                expected, nonce = token["c"], token["n"]
            except (signing.BadSignature, KeyError, TypeError):
                expected = nonce = None
            answer = (data.get("challenge_answer") or "").strip()
            if expected is None or not hmac.compare_digest(str(expected), answer_digest(CHALLENGE_SALT, nonce, answer)):
                self.add_error("challenge_answer", gettext("The answer to the check question is not right."))
            elif challenge.was_used(CHALLENGE_SALT, nonce) or (
                # Spent only by a form that is otherwise accepted: correcting a mistake keeps it.
                # With the cache unreachable (None) the form is accepted, as the rate limit does.
                not self.errors and challenge.consume(CHALLENGE_SALT, nonce, CHALLENGE_MAX_AGE) is False
            ):
                self.add_error(
                    "challenge_answer",
                    gettext("This check question has already been used. Please answer the new question below."),
                )
        return data

    def submission_data(self):
        data = self.cleaned_data
        return {
            "full_name": data["full_name"].strip(),
            "address": data["address"].strip(),
            "phone": data["phone"].strip(),
            "email": data["email"].strip(),
            "subject": data["subject"].strip(),
            "content": data["content"],
            "procedure_text": data["procedure_text"].strip(),
            "procedure_page": procedure_for_code(data.get("procedure_code")),
            "consent": data["consent"],
            "shown_as": data["shown_as"],
            "public_locality": data["public_locality"],
            "phone_notices_at": timezone.now() if data.get("phone_notices") else None,
        }


# A ward, commune or special zone (the communal level of the two-level local government in
# force since 1 July 2025: "xã, phường, đặc khu", Luật Tổ chức chính quyền địa phương 2025,
# Điều 2), by its name only: letters, spaces, hyphens and apostrophes, a few words at most.
_LOCALITY = re.compile(r"^(phường|xã|đặc khu) [^\W\d_]+(?:[ '’-][^\W\d_]+){0,5}$", re.IGNORECASE)


def clean_locality(value):
    """The ward or commune a citizen typed for publication, tidied ("" when left empty), or None
    when it is not just such a name (digits, signs, too many words: a house number, a phone...)."""
    value = " ".join(unicodedata.normalize("NFC", value or "").split())
    if not value:
        return ""
    return value if _LOCALITY.match(value) else None


def procedure_for_code(code):
    """The live procedure page with this MaTTHC code, or None (an unknown code just links nothing)."""
    code = clean(code or "", 50)
    return ProcedurePage.objects.live().filter(code=code).first() if code else None


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40)
    contact = forms.CharField(label=_("Phone or email used"), max_length=254)

    def normalized_code(self):
        return self.cleaned_data["code"].strip().upper()

    def find(self):
        """The submission for this code and contact, or None: which of the two is wrong is not said."""
        code = self.normalized_code()
        contact = self.cleaned_data["contact"].strip()
        submission = Submission.objects.filter(code=code).select_related("unit").first()
        if submission is None or submission.erased_at:
            return None
        if "@" in contact:
            matches = bool(submission.email) and submission.email.lower() == contact.lower()
        else:
            number = national_number(contact)
            matches = number.isdigit() and national_number(submission.phone) == number
        return submission if matches else None


def rate_limited(kind, ip_hash, limit):
    """Count one attempt from this (hashed) address in the cache (Redis when REDIS_URL is set):
    True once over `limit` in the window, False under it, and None when the cache cannot be
    reached, so that nothing could be counted. What None means is the caller's decision: a
    submission is then accepted unchecked, a tracking look-up refused (see their routes).
    `uncount` gives an attempt back, for a submission that was then not accepted."""
    key = f"cchc-feedback-rate:{kind}:{ip_hash}"
    window = conf.get("CCHC_FEEDBACK_RATE_WINDOW")
    try:
        added = cache.add(key, 1, window)
        if added:
            return limit < 1
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            count = 1 if cache.add(key, 1, window) else cache.incr(key)
    except Exception:  # a cache backend that raises when its server is down
        logger.warning("feedback: the %s rate limit could not be checked: the cache is unreachable", kind)
        return None
    if count is None:  # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down
        logger.warning("feedback: the %s rate limit could not be checked: the cache is unreachable", kind)
        return None
    return count > limit


def _code_key(code):
    # A digest, so that the cache never holds a tracking code.
    return "cchc-feedback-code-failures:" + hashlib.sha256(code.encode()).hexdigest()


def code_locked(code):
    """True while this tracking code's look-up is locked after too many wrong contacts."""
    limit = conf.get("CCHC_FEEDBACK_LOOKUP_CODE_FAILURES")
    return bool(limit) and (cache.get(_code_key(code)) or 0) >= limit


def count_code_failure(code):
    """Count one wrong contact for this code, whether or not the code exists (so that the lock
    says nothing about which codes exist); the lock lasts CCHC_FEEDBACK_LOOKUP_LOCK_SECONDS
    from the first failure counted."""
    key = _code_key(code)
    if cache.add(key, 1, conf.get("CCHC_FEEDBACK_LOOKUP_LOCK_SECONDS")):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, conf.get("CCHC_FEEDBACK_LOOKUP_LOCK_SECONDS"))


def uncount(kind, ip_hash):
    """Give back an attempt `rate_limited` counted (the form had a mistake, or the save failed)."""
    try:
        cache.decr(f"cchc-feedback-rate:{kind}:{ip_hash}")
    except Exception:  # expired or unreachable: the count then errs on the strict side
        logger.warning("feedback: a %s rate-limit count could not be given back", kind)
