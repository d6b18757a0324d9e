"""Citizens' "phản ánh, kiến nghị": the submissions, their attachments and audit trail, the units
they are forwarded to, and the public holidays of the working-day calendar (the two page types
are in pages.py)."""

import re
import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc_pages.core import dates
from cchc_pages.core.text import fold

from .files import attachment_storage

CODE_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "0O1IL")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", pgettext_lazy("feedback status", "Rejected")
    ASSIGNED = "assigned", _("Assigned to a unit")
    PROCESSING = "processing", _("Being processed")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", pgettext_lazy("feedback submission status", "Published")
    MERGED = "merged", _("Merged into another submission")


OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED, Status.PROCESSING)
CLOSED_STATUSES = (Status.REJECTED, Status.ANSWERED, Status.PUBLISHED, Status.MERGED)


class Consent(models.TextChoices):
    NONE = "none", _("Do not publish my question")
    ANONYMOUS = "anonymous", _("Publish my question without my name")
    INITIALS = "initials", _("Publish my question with my initials and ward/commune")


class Holiday(models.Model):
    """A public holiday (or a compensatory day off): not a working day for legal deadlines."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(pgettext_lazy("feedback", "name"), max_length=255)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{dates.format_date(self.date)} – {self.name}"


class FeedbackUnit(models.Model):
    """A unit (phòng, ban, đơn vị) a submission is forwarded to for an answer."""

    name = models.CharField(pgettext_lazy("feedback", "name"), max_length=255, unique=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


def new_code(year):
    """A tracking code such as "PA-2026-000123-K7QX": a readable serial plus a random part, so
    codes cannot be guessed from one another."""
    serial = Submission.objects.filter(received_at__year=year).count() + 1
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _i in range(4))
    return f"PA-{year}-{serial:06d}-{suffix}"


class Submission(models.Model):
    """One "phản ánh, kiến nghị" from a citizen, from receipt to publication."""

    code = models.CharField(_("tracking code"), max_length=32, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    # Personal data: only users with the "moderate" permission see it; erased after the retention.
    full_name = models.CharField(_("full name"), max_length=200)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    # What it is about.
    subject = models.CharField(pgettext_lazy("feedback", "subject"), max_length=255)
    content = models.TextField(_("content"))
    procedure_text = models.CharField(_("procedure concerned"), max_length=500, blank=True)
    procedure_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("procedure page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    consent = models.CharField(_("publication consent"), max_length=20, choices=Consent.choices, default=Consent.NONE)
    # Handling.
    unit = models.ForeignKey(
        FeedbackUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accept_due = models.DateField(_("accept or reject by"), null=True, blank=True)
    answer_due = models.DateField(_("answer by"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    # Publication: the identity as consented, fixed when published, and the text for search.
    public_name = models.CharField(_("published identity"), max_length=255, blank=True)
    folded_text = models.TextField(blank=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("citizen submission")
        verbose_name_plural = _("citizen submissions")
        permissions = [("moderate_submission", _("Can moderate submissions and see personal data"))]

    def __str__(self):
        return f"{self.code} – {self.subject}"

    @property
    def due_date(self):
        if self.status == Status.RECEIVED:
            return self.accept_due
        if self.status in OPEN_STATUSES:
            return self.answer_due
        return None

    @property
    def is_overdue(self):
        due = self.due_date
        return due is not None and timezone.localdate() > due

    @property
    def answered_on_time(self):
        if not self.answered_at or not self.answer_due:
            return None
        return timezone.localdate(self.answered_at) <= self.answer_due

    @property
    def procedure_label(self):
        if self.procedure_page_id and self.procedure_page:
            return self.procedure_page.title
        return self.procedure_text

    def public_identity(self):
        """The citizen as they agreed to appear: "Nguyễn V. A., phường Hòa Bình" or anonymous."""
        if self.consent != Consent.INITIALS:
            return ""
        return ", ".join(part for part in (abbreviate_name(self.full_name), locality(self.address)) if part)

    def refresh_folded_text(self):
        self.folded_text = fold(
            " ".join([self.code, self.subject, self.content, self.answer, self.procedure_label, self.sector])
        )


def abbreviate_name(full_name):
    """ "Nguyễn Văn An" -> "Nguyễn V. A." (family name, then initials)."""
    words = full_name.split()
    if not words:
        return ""
    return " ".join([words[0], *(w[0].upper() + "." for w in words[1:])])


_LOCALITY = re.compile(r"\b(phường|xã|thị trấn|đặc khu)\s+[^,;\n]+", re.IGNORECASE)


def locality(address):
    """The ward or commune of an address ("…, phường Hòa Bình, tỉnh X" -> "phường Hòa Bình")."""
    match = _LOCALITY.search(address or "")
    return match.group(0).strip() if match else ""


def attachment_path(instance, filename):
    # Random names: the original name (personal, possibly hostile) stays in the database only.
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{instance.kind}"


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    # Never a URL: see AttachmentStorage (a local folder, or STORAGES["cchc_feedback"]).
    file = models.FileField(storage=attachment_storage, upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class SubmissionEvent(models.Model):
    """The audit trail: who did what, when; internal notes are events of their own."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("received")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        ASSIGNED = "assigned", _("forwarded to a unit")
        PROCESSING = "processing", _("processing started")
        ANSWERED = "answered", _("answered")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        MERGED = "merged", _("merged as a duplicate")
        CLASSIFIED = "classified", _("classification changed")
        NOTE = "note", _("internal note")
        ERASED = "erased", _("personal data erased")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")

    def __str__(self):
        return f"{self.submission.code}: {self.get_action_display()}"
