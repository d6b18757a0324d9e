"""A planned maintenance window, announced on every page from the moment it is saved until it ends."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from ..core import dates

NOTICE_WORKING_DAYS = 7  # ND 224/2026/NĐ-CP, Điều 13


class OutageNotice(models.Model):
    start = models.DateTimeField(
        _("interruption starts"),
        help_text=_("Announce it at least 7 working days ahead (ND 224/2026, Article 13)."),
    )
    end = models.DateTimeField(_("interruption ends"), help_text=_("The banner disappears at this moment."))
    message = models.TextField(
        _("message"),
        max_length=1000,
        help_text=_("What readers cannot use meanwhile and where to turn, e.g. the hotline or the one-stop shop."),
    )
    created_at = models.DateTimeField(_("announced at"), default=timezone.now, editable=False)

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("message")]

    class Meta:
        ordering = ["start"]
        verbose_name = _("planned outage notice")
        verbose_name_plural = _("planned outage notices")

    def __str__(self):
        return gettext("Outage %(start)s – %(end)s") % {
            "start": dates.format_datetime(self.start),
            "end": dates.format_datetime(self.end),
        }

    def clean(self):
        super().clean()
        self.message = (self.message or "").strip()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": gettext("The interruption must end after it starts.")})

    def is_under_way(self, now=None):
        return self.start <= (now or timezone.now()) < self.end
