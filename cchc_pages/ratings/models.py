"""One stored answer to "was this information useful?": what was answered, never who answered."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reason(models.TextChoices):
    """Why the information was not useful: a short list, so the answers can be counted."""

    INCOMPLETE = "thieu", _("The information is incomplete")
    UNCLEAR = "kho-hieu", _("It is hard to understand")
    OUTDATED = "cu-sai", _("It is out of date or wrong")
    NOT_FOUND = "khong-thay", _("I did not find what I was looking for")


class PageRating(models.Model):
    """A reader's answer for one page. No address, account, cookie or browser detail is stored: the
    nonce is the random one of the single-use ticket (it refuses a replayed form), unrelated to
    the reader; the one-answer-per-browser cookie stays in the reader's browser."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="cchc_ratings")
    useful = models.BooleanField(pgettext_lazy("page rating", "useful"))
    reason = models.CharField(pgettext_lazy("page rating", "reason"), max_length=20, blank=True, choices=Reason.choices)
    comment = models.TextField(pgettext_lazy("page rating", "comment"), blank=True)
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("page rating", "rated at"), default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["page", "created_at"], name="cchc_rating_page_date")]
        verbose_name = _("page rating")
        verbose_name_plural = _("page ratings")

    def __str__(self):
        return f"{self.page_id}: {'+' if self.useful else '-'}"
