"""The stored side of the view and visit counters (see counters.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """A running total (views of a page, visits of a site), kept apart from page revisions
    so publishing never rolls a count back."""

    scope = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "object_id"], name="cchc_counter_unique")]
        verbose_name = _("counter")

    def __str__(self):
        return f"{self.scope}:{self.object_id}={self.count}"
