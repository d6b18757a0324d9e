"""{% cchc_poll %}: a poll as a sidebar widget on any page of any department's site."""

import logging

from django import template
from django.db import DatabaseError
from django.http import Http404

from ..polls.caching import get_poll, sidebar_poll
from ..polls.models import Poll

logger = logging.getLogger(__name__)
register = template.Library()


@register.inclusion_tag("feedback/polls/widget.html", takes_context=True)
def cchc_poll(context, poll=None, heading=None):
    """{% cchc_poll %} shows the sidebar poll; {% cchc_poll poll %} (a Poll or its id) a given one.

    The widget holds no CSRF token and nothing about the reader, so the page around it may be
    cached and shared; the vote token is fetched when the reader votes.
    """
    if poll is None:
        try:
            poll = sidebar_poll()  # from the cache, choices included: the widget reads nothing more
        except DatabaseError:  # a busy or unreachable database must not break every page's sidebar
            logger.warning("The sidebar poll could not be read", exc_info=True)
            poll = None
        # Not twice on one page: the poll's own ballot/results page or PollPage already shows it.
        shown = context.get("poll") or getattr(context.get("page"), "poll", None)
        if poll is not None and isinstance(shown, Poll) and shown.pk == poll.pk:
            poll = None
    elif not isinstance(poll, Poll):
        try:
            poll = get_poll(poll) if str(poll).isdigit() else None
        except Http404:  # an editor's {% cchc_poll 12 %} for a poll since deleted shows nothing
            poll = None
    request = context.get("request")
    return {"poll": poll, "heading": heading, "next": request.path if request else ""}
