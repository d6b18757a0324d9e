"""Refusing a request with a message the citizen understands, and the HTTP status (4xx) to send.

One error type for every refusal a page or an endpoint explains on screen: a bad page number or
archive date, an unknown filter, a vote that cannot be recorded, a look-up over its rate limit.
"""

from django.template.response import TemplateResponse

ERROR_TEMPLATE = "cchc_pages/error.html"


class ClientError(Exception):
    """A refused request: the HTTP status and the message shown to the reader."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def render_error(request, error, template=ERROR_TEMPLATE, *, page=None, **context):
    """The error's message in `template` (by default the page's "we could not show this list"),
    with the error's status; `page` is the page it happened on, for the way back."""
    if page is not None:
        context.update(page=page, self=page)
    context["error_message"] = error.message
    return TemplateResponse(request, template, context, status=error.status)
