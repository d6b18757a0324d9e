"""Published questions and answers in the open-data API (cchc_pages/api/); registered by
feedback/apps.py.

Only submissions a moderator published, and of those only the public wording (public_subject,
public_content), the answer, the sector, the procedure, the answering unit's name and the dates:
never the citizen's name, initials, locality, address, phone, email, tracking code, the original
wording, attachments or the handling's notes. The published identity ("Nguyễn V. A., phường …")
stays on the site's page, read one question at a time, and out of a bulk dataset. Answers carry
"no-cache": an item a moderator unpublishes leaves the API at once.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.api.v2.views import BaseAPIViewSet

from cchc_pages.api.catalogue import Dataset
from cchc_pages.api.endpoints import PublicEndpointMixin, PublicFieldsFilter, PublicOrderingFilter
from cchc_pages.api.fields import computed

from .models import Status, Submission
from .pages import FeedbackAnswersPage


def _date(value):
    return timezone.localdate(value).isoformat() if value else None


def procedure(item, context):
    page = item.procedure_page
    return {
        "name": item.procedure_label,
        "page": page.pk if page is not None and page.live else None,
    }


def html_url(item, context):
    view = context["view"]
    if not hasattr(view, "_answers_page"):
        view._answers_page = FeedbackAnswersPage.objects.live().public().first()
    page = view._answers_page
    if page is None:
        return None
    return context["request"].build_absolute_uri(page.get_url(context["request"]) + f"{item.pk}/")


class QuestionsEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    model = Submission
    filter_backends = [PublicFieldsFilter, PublicOrderingFilter]
    base_filters = ["id", "sector"]
    body_fields = [
        "id",
        computed("title", lambda item, context: item.public_subject),
        computed("question", lambda item, context: item.public_content),
        "answer",
        "sector",
        computed("procedure", procedure),
        computed("unit", lambda item, context: item.unit.name if item.unit else ""),
        computed("received_on", lambda item, context: _date(item.received_at)),
        computed("answered_on", lambda item, context: _date(item.answered_at)),
        computed("published_on", lambda item, context: _date(item.published_at)),
    ]
    meta_fields = ["type", "detail_url", computed("html_url", html_url)]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "title", "sector", "published_on"]
    nested_default_fields = ["id", "type", "detail_url", "title"]
    cache_seconds = 0

    def get_queryset(self):
        return (
            Submission.objects.filter(status=Status.PUBLISHED)
            .select_related("procedure_page", "unit")
            .order_by("-published_at", "-pk")
        )


DATASET = Dataset(
    "questions",
    _("Citizens' questions and answers"),
    _("Questions citizens agreed to publish, as published, with the department's answers: no personal data."),
    _("When a moderator publishes an answer"),
    [("questions", {})],
)
