"""The life of a submission: receipt, then explicit transitions, each one recorded in the audit
trail in the same transaction as the change, with an email to the citizen where the law expects
one (receipt, acceptance or rejection, answer), carrying only the code, the status and the link
to the look-up (see notify). Logs carry the tracking code, never personal data."""

import logging

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from ..notices.senders import PhoneNotice, SendError, phone_sender
from . import conf
from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Consent,
    Status,
    Submission,
    SubmissionAttachment,
    SubmissionEvent,
    new_code,
)
from .workdays import add_working_days

logger = logging.getLogger("feedback")
Action = SubmissionEvent.Action


class TransitionError(ValueError):
    """A transition the submission's status does not allow; the message is for the moderator."""


def receive(data, files, ip_hash):
    """Save a validated submission with its attachments (checked (kind, name, file or bytes) tuples) in one
    transaction. If anything fails, the files already written (to the folder or the bucket) are
    deleted: nothing half-saved."""
    written = []
    storage = SubmissionAttachment._meta.get_field("file").storage
    try:
        with transaction.atomic():
            now = timezone.now()
            for _attempt in range(5):  # a serial already taken (e.g. imported rows): take the next
                code = new_code(timezone.localdate(now).year)  # outside the savepoint: a serial used stays used
                try:
                    with transaction.atomic():
                        submission = Submission.objects.create(
                            code=code,
                            received_at=now,
                            ip_hash=ip_hash,
                            accept_due=add_working_days(
                                timezone.localdate(now), conf.get("CCHC_FEEDBACK_DAYS_TO_ACCEPT")
                            ),
                            **data,
                        )
                    break
                except IntegrityError:
                    continue
            else:
                raise IntegrityError("could not draw a free tracking code")
            for kind, name, content in files:
                if not isinstance(content, File):  # bytes; an upload is streamed from where Django keeps it
                    content = ContentFile(content)
                content.seek(0)
                attachment = SubmissionAttachment(
                    submission=submission, original_name=name[:255], kind=kind, size=content.size
                )
                attachment.file.save("upload", content, save=False)
                written.append(attachment.file.name)
                attachment.save()
            record(submission, None, Action.RECEIVED, "", Status.RECEIVED)
    except BaseException:
        for name in written:
            try:
                storage.delete(name)
            except Exception:  # e.g. object storage unreachable: report it, keep the original error
                logger.exception("feedback: attachment %s left behind by a failed submission", name)
        raise
    logger.info("feedback %s received with %d attachment(s)", submission.code, len(written))
    transaction.on_commit(lambda: notify(submission, "received"))
    return submission


def record(submission, user, action, from_status, to_status, detail=""):
    return SubmissionEvent.objects.create(
        submission=submission,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
    )


def _transition(submission, user, allowed_from, to_status, action, detail="", notice=None, **changes):
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status not in allowed_from:
            raise TransitionError(
                gettext("This action is not possible while the submission is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        before = locked.status
        locked.status = to_status
        for field, value in changes.items():
            setattr(locked, field, value)
        if to_status in CLOSED_STATUSES and not locked.closed_at:
            locked.closed_at = timezone.now()
        if to_status == Status.PUBLISHED:
            locked.fill_public_wording()  # the original's wording, unless a moderator set it
        locked.refresh_folded_text()
        locked.save()
        record(locked, user, action, before, to_status, detail)
    logger.info("feedback %s: %s -> %s", locked.code, before, to_status)
    if notice:
        transaction.on_commit(lambda: notify(locked, notice))
    submission.refresh_from_db()
    return locked


def accept(submission, user):
    now = timezone.now()
    due = add_working_days(timezone.localdate(now), conf.get("CCHC_FEEDBACK_DAYS_TO_ANSWER"))
    return _transition(
        submission,
        user,
        [Status.RECEIVED],
        Status.ACCEPTED,
        Action.ACCEPTED,
        notice="accepted",
        accepted_at=now,
        answer_due=due,
    )


def reject(submission, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(gettext("Give the reason for the rejection."))
    return _transition(
        submission,
        user,
        [Status.RECEIVED],
        Status.REJECTED,
        Action.REJECTED,
        detail=reason,
        notice="rejected",
        rejection_reason=reason,
    )


def assign(submission, user, unit):
    return _transition(
        submission,
        user,
        [Status.ACCEPTED, Status.ASSIGNED, Status.PROCESSING],
        Status.ASSIGNED,
        Action.ASSIGNED,
        detail=unit.name,
        unit=unit,
    )


def start_processing(submission, user):
    return _transition(submission, user, [Status.ASSIGNED], Status.PROCESSING, Action.PROCESSING)


def give_answer(submission, user, answer):
    """Answer (or correct the answer); the duplicates merged into this submission get it too."""
    answer = (answer or "").strip()
    if not answer:
        raise TransitionError(gettext("Write the answer first."))
    now = timezone.now()
    with transaction.atomic():
        answered = _transition(
            submission,
            user,
            [Status.ACCEPTED, Status.ASSIGNED, Status.PROCESSING, Status.ANSWERED],
            Status.ANSWERED,
            Action.ANSWERED,
            notice="answered",
            answer=answer,
            answered_at=now,
        )
        for duplicate in Submission.objects.filter(duplicate_of=answered, status=Status.MERGED):
            duplicate.answer, duplicate.answered_at = answer, now
            duplicate.save(update_fields=["answer", "answered_at"])
            record(duplicate, user, Action.ANSWERED, Status.MERGED, Status.MERGED, answered.code)
            transaction.on_commit(lambda d=duplicate: notify(d, "answered"))
    return answered


def publish(submission, user):
    """Publish the question and its answer with the public wording: a moderator's, or else the
    original subject and text with the identity the citizen chose (fill_public_wording)."""
    if submission.consent == Consent.NONE:
        raise TransitionError(gettext("The citizen did not agree to publication of this submission."))
    return _transition(
        submission, user, [Status.ANSWERED], Status.PUBLISHED, Action.PUBLISHED, published_at=timezone.now()
    )


def unpublish(submission, user):
    return _transition(submission, user, [Status.PUBLISHED], Status.ANSWERED, Action.UNPUBLISHED, published_at=None)


def merge(submission, user, original):
    """Close `submission` as a duplicate of `original`; if that one is already answered, the
    duplicate gets the answer at once (otherwise when it is answered, see give_answer)."""
    if original.pk == submission.pk or original.status in (Status.MERGED, Status.REJECTED):
        raise TransitionError(gettext("Choose another submission, one that is neither merged nor rejected."))
    changes = {"duplicate_of": original}
    if original.answer:
        changes.update(answer=original.answer, answered_at=original.answered_at)
    return _transition(
        submission,
        user,
        list(OPEN_STATUSES),
        Status.MERGED,
        Action.MERGED,
        detail=original.code,
        notice="answered" if original.answer else "merged",
        **changes,
    )


def classify(submission, user, sector, procedure_text, procedure_page):
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(
            sector=sector, procedure_text=procedure_text, procedure_page=procedure_page
        )
        submission.refresh_from_db()
        submission.refresh_folded_text()
        submission.save(update_fields=["folded_text"])
        label = procedure_page.title if procedure_page else procedure_text
        record(submission, user, Action.CLASSIFIED, submission.status, submission.status, f"{sector} / {label}")
    return submission


def reword(submission, user, public_subject, public_content, public_name):
    """Set the wording the public pages show and search (a name, a phone number or a plate
    number redacted...), before or after publication. Only the public fields change: the
    original subject, text and personal data stay as the citizen sent them, for the moderators.
    The audit trail records who edited and when, without the texts (they may quote the original)."""
    public_subject, public_content = (public_subject or "").strip(), (public_content or "").strip()
    if not public_subject or not public_content:
        raise TransitionError(gettext("The public subject and question text cannot be empty."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        locked.public_subject, locked.public_content = public_subject, public_content
        locked.public_name = (public_name or "").strip()
        locked.refresh_folded_text()
        locked.save(update_fields=["public_subject", "public_content", "public_name", "folded_text"])
        record(locked, user, Action.REWORDED, locked.status, locked.status)
    logger.info("feedback %s: public wording edited", locked.code)
    submission.refresh_from_db()
    return locked


def add_note(submission, user, text):
    text = (text or "").strip()
    if not text:
        raise TransitionError(gettext("The note is empty."))
    return record(submission, user, Action.NOTE, submission.status, submission.status, text)


NOTICE_SUBJECTS = {
    "received": gettext_noop("Your submission %(code)s has been received"),
    "accepted": gettext_noop("Your submission %(code)s has been accepted"),
    "rejected": gettext_noop("Your submission %(code)s could not be accepted"),
    "answered": gettext_noop("Your submission %(code)s has been answered"),
    "merged": gettext_noop("Your submission %(code)s is handled together with another one"),
}


def lookup_url():
    """The full address of the tracking look-up (the first live feedback form page), or ""."""
    # By name: pages.py imports this module.
    page = apps.get_model("cchc_feedback", "FeedbackFormPage").objects.live().order_by("path").first()
    url = page.get_full_url() if page else None
    return url + page.reverse_subpage("lookup") if url else ""


def notify(submission, notice):
    """Email the citizen, in the site's language, if they gave an address, and send the notice by
    text message if they asked for it on the form and the site has a sender (feedback.notices).
    Failures are logged (code only) and never undo the change.

    The address was typed on the form and is not verified: whoever typed it may not own it. So a
    notice quotes nothing the citizen supplied (name, subject, content) — else anyone could relay
    their own text, a phishing link say, from the department's sender to any address — and
    nothing of the handling (answer, reason): only the tracking code, the status and the link to
    the look-up page, where the rest is shown to whoever has the code and the contact. A text
    message carries even less: the code and the link."""
    if not submission.email and not (submission.phone and submission.phone_notices_at):
        return
    with translation.override(settings.LANGUAGE_CODE):
        url = lookup_url()
        if submission.email:
            subject = gettext(NOTICE_SUBJECTS[notice]) % {"code": submission.code}
            context = {"submission": submission, "headline": subject, "lookup_url": url}
            body = render_to_string(f"feedback/submissions/email/{notice}.txt", context)
            try:
                send_mail(subject, body, conf.get("CCHC_FEEDBACK_FROM_EMAIL"), [submission.email])
            except Exception:
                logger.exception("feedback %s: the %s notice could not be sent", submission.code, notice)
        if submission.phone and submission.phone_notices_at:
            _send_to_phone(submission, notice, url)


def _send_to_phone(submission, notice, url):
    try:
        sender = phone_sender()
        if sender is not None:
            sender.send(PhoneNotice(phone=submission.phone, notice=notice, code=submission.code, lookup_url=url))
    except SendError as error:
        logger.warning("feedback %s: the %s text notice was not sent: %s", submission.code, notice, error)
    except Exception:
        logger.exception("feedback %s: the %s text notice could not be sent", submission.code, notice)
