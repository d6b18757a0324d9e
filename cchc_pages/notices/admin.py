"""The admin's outage notices (a snippet) and the warning when one is announced too late.

ND 224/2026/NĐ-CP, Điều 13 asks a planned interruption to be announced at least 7 working days
ahead. An emergency can leave less: the notice is then saved and shown all the same (readers are
better told late than not at all), and the editor is warned, with the earliest start that complies.
Working days are the feedback workflow's calendar (cchc_pages.core.workdays: weekends and the
public holidays kept in the admin).
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ..core import dates
from ..core.workdays import add_working_days
from .models import NOTICE_WORKING_DAYS, OutageNotice


def short_notice_warning(notice, today=None):
    """The warning for `notice` if its start is less than 7 working days after it was announced, else None."""
    now = timezone.now()
    if notice.end <= now:
        return None  # a past window, entered for the record
    announced = today or timezone.localdate(notice.created_at or now)
    earliest = add_working_days(announced, NOTICE_WORKING_DAYS)
    if timezone.localdate(notice.start) >= earliest:
        return None
    return gettext(
        "The interruption starts on %(start)s, less than %(days)s working days after it is announced: "
        "ND 224/2026, Article 13 asks for notice at least %(days)s working days ahead (earliest start: "
        "%(earliest)s). The notice is saved and shown on the site all the same."
    ) % {
        "start": dates.format_datetime(notice.start),
        "days": NOTICE_WORKING_DAYS,
        "earliest": dates.format_date(earliest),
    }


def warn_if_short(request, instance):
    if isinstance(instance, OutageNotice):
        warning = short_notice_warning(instance)
        if warning:
            messages.warning(request, warning)


class OutageNoticeViewSet(SnippetViewSet):
    model = OutageNotice
    icon = "warning"
    menu_label = _("Outage notices")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["__str__", "message", "created_at"]
    ordering = ["-start"]
