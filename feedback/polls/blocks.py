"""A StreamField block that places a poll in any body (e.g. a news article).

Add it to a StreamBlock of your own: ``poll = PollBlock()`` (see README, "Polls").
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .models import Poll


def poll_choices():
    return [(str(pk), question) for pk, question in Poll.objects.filter(archived=False).values_list("pk", "question")]


class PollBlock(blocks.StructBlock):
    poll = blocks.ChoiceBlock(choices=poll_choices, label=_("Poll"))
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)

    class Meta:
        icon = "list-ul"
        label = _("Poll")
        template = "feedback/polls/blocks/poll.html"
