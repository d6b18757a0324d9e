"""The public submission form and the tracking look-up form, with their anti-abuse checks."""

import hmac
import random
import secrets

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cchc_pages.core.challenge import answer_digest
from cchc_pages.core.validators import national_number
from cchc_pages.procedures.models import ProcedurePage

from . import conf
from .files import AttachmentError, check_upload
from .models import Consent, Submission

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
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
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
        self.use_challenge = conf.get("CCHC_FEEDBACK_CHALLENGE")
        if not self.use_challenge:
            del self.fields["challenge_answer"]
            del self.fields["challenge_token"]
        elif not self.is_bound:
            a, b = random.randint(1, 9), random.randint(1, 9)
            self.challenge_question = gettext("How much is %(a)d + %(b)d?") % {"a": a, "b": b}
            # A signed token is readable by anyone: it carries a keyed digest of the sum, not the numbers.
            nonce = secrets.token_hex(8)
            token = {"n": nonce, "c": answer_digest(CHALLENGE_SALT, nonce, str(a + b))}
            self.initial["challenge_token"] = signing.dumps(token, salt=CHALLENGE_SALT)

    def clean_content(self):
        return self.cleaned_data["content"].strip()

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        maximum = conf.get("CCHC_FEEDBACK_MAX_ATTACHMENTS")
        if len(uploads) > maximum:
            raise forms.ValidationError(
                ngettext("Attach at most %(count)d file.", "Attach at most %(count)d files.", maximum)
                % {"count": maximum}
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                kind, data = check_upload(upload)
            except AttachmentError as error:
                errors.append(str(error))
            else:
                checked.append((kind, upload.name, data))
        if errors:
            raise forms.ValidationError(errors)
        return checked

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
        if self.use_challenge:
            try:
                token = signing.loads(data.get("challenge_token") or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
                expected, nonce = token["c"], token["n"]
            except (signing.BadSignature, KeyError, TypeError):
                expected = nonce = None
            answer = (data.get("challenge_answer") or "").strip()
            if expected is None or not hmac.compare_digest(str(expected), answer_digest(CHALLENGE_SALT, nonce, answer)):
                self.add_error("challenge_answer", gettext("The answer to the check question is not right."))
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
        }


def procedure_for_code(code):
    """The live procedure page with this MaTTHC code, or None (an unknown code just links nothing)."""
    code = (code or "").strip()
    return ProcedurePage.objects.live().filter(code=code).first() if code else None


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40)
    contact = forms.CharField(label=_("Phone or email used"), max_length=254)

    def find(self):
        """The submission for this code and contact, or None: which of the two is wrong is not said."""
        code = self.cleaned_data["code"].strip().upper()
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
    """Count one attempt from this (hashed) address; True once over `limit` in the window."""
    key = f"cchc-feedback-rate:{kind}:{ip_hash}"
    window = conf.get("CCHC_FEEDBACK_RATE_WINDOW")
    if cache.add(key, 1, window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count > limit
