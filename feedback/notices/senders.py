"""The sender interface and the console sender.

A phone number typed on the feedback form is not verified, just like an email address: whoever
typed it may not own it. So a text notice carries nothing the citizen wrote and nothing of the
handling: only a fixed sentence naming the event, the tracking code and the link to the look-up
page (where the details are shown to whoever has the code and the contact). It is sent only to a
citizen who asked for it on the form (Submission.phone_notices_at records when)."""

import sys
from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop

from cchc_pages.core.validators import national_number

from . import conf

# The sentence of each notice. Short: one SMS segment is 70 characters of Vietnamese with
# diacritics, and the code and the link come after it.
SENTENCES = {
    "received": gettext_noop("Submission %(code)s has been received."),
    "accepted": gettext_noop("Submission %(code)s has been accepted for handling."),
    "rejected": gettext_noop("Submission %(code)s was not accepted."),
    "answered": gettext_noop("Submission %(code)s has been answered."),
    "merged": gettext_noop("Submission %(code)s is handled together with another one."),
}


class SendError(Exception):
    """The notice could not be sent; the message names the cause, never the number or a secret."""


@dataclass(frozen=True)
class PhoneNotice:
    """One notice to one phone number: what a sender may send, and all of it."""

    phone: str  # as typed on the form
    notice: str  # a key of SENTENCES
    code: str  # the tracking code
    lookup_url: str  # the look-up page, or ""

    @property
    def international_number(self):
        """84xxxxxxxxx: the form messaging services expect for a Vietnamese number."""
        number = national_number(self.phone)
        return "84" + number[1:] if number.startswith("0") else number.lstrip("+")

    @property
    def masked_number(self):
        """The number as a log or a console may show it: the last three digits only."""
        number = national_number(self.phone)
        return "*" * max(len(number) - 3, 0) + number[-3:]

    def text(self):
        """The message as an SMS would carry it: the event's sentence, then the link."""
        sentence = gettext(SENTENCES[self.notice]) % {"code": self.code}
        return f"{sentence} {self.lookup_url}".strip()


class PhoneSender:
    """What a sender does: send(notice) delivers it or raises SendError. Subclass it for another
    provider (an SMS gateway, say) and name the subclass in CCHC_FEEDBACK_PHONE_SENDER."""

    def send(self, notice):
        raise NotImplementedError


class ConsoleSender(PhoneSender):
    """Writes each notice to standard output, for development and the demo (like Django's console
    email backend), with the number masked."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, notice):
        self.stream.write(f"[text notice to {notice.masked_number}] {notice.text()}\n")
        self.stream.flush()


def phone_sender():
    """The configured sender, or None when notices by text message are off."""
    path = conf.get("CCHC_FEEDBACK_PHONE_SENDER")
    return import_string(path)() if path else None
