"""Citizens' "phản ánh, kiến nghị": the submissions, their attachments and audit trail, the units
they are forwarded to, and the public holidays of the working-day calendar (the two page types
are in pages.py)."""

import re
import secrets
import string

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc_pages.core import dates
from cchc_pages.core.text import fold

from .files import attachment_storage

CODE_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "0O1IL")
# Characters of the random part of a new tracking code: 31**10, about 49 bits, so that with the
# per-code lock of the look-up (views.lookup) a code cannot be guessed. Codes issued earlier with
# a shorter random part stay valid: they are stored as they were given.
CODE_RANDOM_LENGTH = 10


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
    """Whether the citizen agrees that the question and its answer be published."""

    NONE = "none", _("Do not publish my question")
    PUBLISH = "publish", _("My question and its answer may be published")


class ShownAs(models.TextChoices):
    """How the citizen is named on the published question: never by anything of their address."""

    ANONYMOUS = "anonymous", pgettext_lazy("feedback public identity", "Anonymous (“A citizen”)")
    INITIALS = "initials", _("The initials of my full name (e.g. “Nguyễn V. A.”)")


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


class TrackingSerial(models.Model):
    """The last serial handed out in a year: one row per year, incremented by the database."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tracking code serial")
        verbose_name_plural = _("tracking code serials")

    def __str__(self):
        return f"{self.year}: {self.last}"


def next_serial(year):
    """The year's next serial, unique however many submissions arrive at once: an UPDATE of the
    year's counter row first (so the database locks the row, or on SQLite the whole database, until
    the transaction ends: a second writer waits, then reads the new value), then the value read
    back in the same transaction. Never a count of the rows, which two writers read alike."""
    with transaction.atomic():
        if not TrackingSerial.objects.filter(year=year).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    TrackingSerial.objects.create(year=year, last=1)
                    return 1
            except IntegrityError:  # another writer created the year's row first
                TrackingSerial.objects.filter(year=year).update(last=F("last") + 1)
        return TrackingSerial.objects.filter(year=year).values_list("last", flat=True).get()


def new_code(year):
    """A tracking code such as "PA-2026-000123-K7QXM2HTR9": a readable serial plus a random part,
    so codes cannot be guessed from one another. The code is a secret of the citizen's: it is
    never shown, searchable or linked on a public page."""
    serial = next_serial(year)  # each call uses up a serial
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_RANDOM_LENGTH))
    return f"PA-{year}-{serial:06d}-{suffix}"


CODE_SERIAL = re.compile(r"^PA-(\d{4})-(\d{6,})-")


def code_serial(code):
    """(year, serial) of a tracking code, or (None, None) for a code in another form."""
    match = CODE_SERIAL.match(code or "")
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


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
    # When the citizen asked, on the form, for notices by text message to the phone number above
    # (None: not asked). Consent to a channel, not personal data in itself.
    phone_notices_at = models.DateTimeField(_("text notices asked for at"), null=True, blank=True, editable=False)
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
    # The citizen's own choice of how they appear if published (fields meant for publication).
    shown_as = models.CharField(
        _("shown publicly as"), max_length=20, choices=ShownAs.choices, default=ShownAs.ANONYMOUS
    )
    public_locality = models.CharField(_("ward or commune to publish"), max_length=100, blank=True)
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
    # Publication: the wording the public pages show, filled from the original on the first
    # publication (or a moderator's first edit), then changed by moderators only; the original
    # above stays as the citizen sent it. The search text is folded from this wording.
    public_subject = models.CharField(_("public subject"), max_length=255, blank=True)
    public_content = models.TextField(_("public question text"), blank=True)
    public_name = models.CharField(_("published identity"), max_length=255, blank=True)
    folded_text = models.TextField(blank=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # The year and serial of the code, kept apart so that the database refuses a second
    # "PA-2026-000123-…" whatever its random part (set from the code on save).
    serial_year = models.PositiveSmallIntegerField(null=True, editable=False)
    serial = models.PositiveIntegerField(null=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["serial_year", "serial"], name="cchc_submission_unique_serial"),
        ]
        verbose_name = _("citizen submission")
        verbose_name_plural = _("citizen submissions")
        permissions = [("moderate_submission", _("Can moderate submissions and see personal data"))]

    def __str__(self):
        return f"{self.code} – {self.subject}"

    def save(self, *args, **kwargs):
        if self.serial is None:
            self.serial_year, self.serial = code_serial(self.code)
        super().save(*args, **kwargs)

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
        """The citizen as they chose to appear, from the fields meant for publication only: the
        initials of the name they typed if they asked for them, and the ward or commune they typed
        for publication, e.g. "Nguyễn V. A., phường Hòa Bình"; "" (shown as "A citizen") otherwise.
        Nothing is ever taken from the address, which is free text (a house number, a phone...)."""
        if self.consent == Consent.NONE:
            return ""
        initials = abbreviate_name(self.full_name) if self.shown_as == ShownAs.INITIALS else ""
        return ", ".join(part for part in (initials, self.public_locality.strip()) if part)

    @property
    def has_public_wording(self):
        """True once the public wording is set (the public subject is never empty then)."""
        return bool(self.public_subject)

    def fill_public_wording(self):
        """Fill the public wording from the original if it is not set yet (not saved here): the
        subject, the question text and the identity the citizen chose. A moderator's wording is
        kept as it is."""
        if not self.has_public_wording:
            self.public_subject = self.subject
            self.public_content = self.content
            self.public_name = self.public_identity()

    def refresh_folded_text(self):
        """The text the public Q&A search matches: the public wording only (what the public pages
        show), never the original a moderator may have redacted, nor the tracking code (a secret
        of the citizen's, which a search would let anyone extract character by character)."""
        self.folded_text = fold(
            " ".join([self.public_subject, self.public_content, self.answer, self.procedure_label, self.sector])
        )


def abbreviate_name(full_name):
    """ "Nguyễn Văn An" -> "Nguyễn V. A." (family name, then initials). Only words that are
    letters count: digits or signs typed into the name field (a phone number...) are left out."""
    words = ["".join(c for c in word if c.isalpha()) for word in (full_name or "").split()]
    words = [word for word in words if word]
    if not words:
        return ""
    return " ".join([words[0][:30], *(w[0].upper() + "." for w in words[1:8])])


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
        REWORDED = "reworded", _("public wording edited")
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
