"""The iCalendar (RFC 5545) feed of a schedule: calendar apps subscribe to it.

Lines end with CRLF and are folded at 75 octets without splitting a UTF-8 character (3.1); text
values escape backslash, semicolon, comma and newlines (3.3.11); times are written in UTC (3.3.5,
form 2), so no VTIMEZONE is needed; each event has a stable UID (the entry's row) and a DTSTAMP.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext, pgettext

FOLD_AT = 75


def escape(text):
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """`line` as CRLF-terminated lines of at most 75 octets, continuation lines starting with a space."""
    out, current, limit = [], b"", FOLD_AT
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            out.append(current)
            current, limit = b"", FOLD_AT - 1  # the leading space counts
        current += encoded
    out.append(current)
    return b"\r\n ".join(out) + b"\r\n"


def utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(entry, tz, uid_domain, stamp, url):
    changed = pgettext("schedule", "Changed")
    summary = entry.content.strip().splitlines()[0] if entry.content.strip() else ""
    if entry.is_changed:
        summary = f"[{changed}] {summary}"
    description = [entry.content.strip()]
    if entry.who:
        description.append(f"{pgettext('schedule', 'Person in charge')}: {entry.who}")
    if entry.participants:
        description.append(f"{gettext('Participants')}: {entry.participants.strip()}")
    if entry.is_changed:
        description.append(f"{changed}: {entry.change_note}")
    lines = ["BEGIN:VEVENT", f"UID:{entry._meta.model_name}-{entry.pk}@{uid_domain}", f"DTSTAMP:{utc(stamp)}"]
    if entry.is_all_day:
        lines += [
            f"DTSTART;VALUE=DATE:{entry.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{entry.date + datetime.timedelta(days=1):%Y%m%d}",
        ]
    else:
        lines.append(f"DTSTART:{utc(entry.starts_at(tz))}")
        ends = entry.ends_at(tz)
        if ends is not None:
            lines.append(f"DTEND:{utc(ends)}")
    lines.append(f"SUMMARY:{escape(summary)}")
    if entry.location:
        lines.append(f"LOCATION:{escape(entry.location)}")
    lines.append(f"DESCRIPTION:{escape(chr(10).join(description))}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["STATUS:CONFIRMED", "END:VEVENT"]
    return lines


def calendar(name, entries, *, uid_domain, url_for=None):
    """The bytes of a VCALENDAR holding `entries` ."""
    tz = timezone.get_default_timezone()
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cchc//Schedules//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{timezone.get_default_timezone_name()}",
    ]
    for entry in entries:
        lines += event_lines(entry, tz, uid_domain, stamp, url_for(entry) if url_for else "")
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
