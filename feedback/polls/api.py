"""Polls in the open-data API (cchc_pages/api/): the polls whose results citizens may read, and in
the detail their results as the site publishes them; registered by feedback/apps.py.

A poll appears once it has opened and its results are public for a reader who has not voted:
"always", or "after voting" / "after closing" once it has closed; never "editors only". A rating
poll's totals count its published quarters only (Poll.published_overall), with each counter's or
officer's quarters below CCHC_POLL_MIN_PUBLISHED_VOTES left out, as on the results page.
Totals change with every ballot, so answers carry "no-cache" (the app keeps them cached for
CCHC_POLL_RESULTS_CACHE_SECONDS).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.api.v2.views import BaseAPIViewSet

from cchc_pages.api.catalogue import Dataset
from cchc_pages.api.endpoints import PublicEndpointMixin, PublicFieldsFilter, PublicOrderingFilter
from cchc_pages.api.fields import computed

from . import caching
from .models import Poll


def is_open(poll, context):
    return poll.is_open()


def choices(poll, context):
    return [{"id": choice.pk, "label": choice.label} for choice in poll.choices.all()]


def results(poll, context):
    """The published results (caching.published_results)."""
    return caching.published_results(poll)


def published_polls():
    now = timezone.now()
    closed = Q(archived=True) | Q(closes_at__lte=now)
    after = Q(results_visibility__in=[Poll.VISIBLE_AFTER_VOTE, Poll.VISIBLE_AFTER_CLOSE]) & closed
    return Poll.objects.filter(Q(results_visibility=Poll.VISIBLE_ALWAYS) | after, opens_at__lte=now)


class PollsEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    model = Poll
    filter_backends = [PublicFieldsFilter, PublicOrderingFilter]
    body_fields = [
        "id",
        "question",
        "description",
        "multiple",
        "opens_at",
        "closes_at",
        computed("open", is_open),
        computed("choices", choices),
        computed("results", results),
    ]
    listing_default_fields = ["id", "type", "detail_url", "question", "opens_at", "closes_at"]
    nested_default_fields = ["id", "type", "detail_url", "question"]
    detail_only_fields = ["results"]
    cache_seconds = 0

    def get_queryset(self):
        return published_polls().prefetch_related("choices", "targets").order_by("-opens_at", "-pk")


DATASET = Dataset(
    "polls",
    _("Poll results"),
    _(
        "Published polls and ratings with their answers and totals; a rating's totals only for "
        "quarters with enough ballots."
    ),
    _("With every ballot"),
    [("polls", {})],
)
