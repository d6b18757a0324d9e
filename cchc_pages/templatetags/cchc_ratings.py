"""{% cchc_page_rating %}: "Thông tin này có hữu ích không?" under a page (ND 224/2026/NĐ-CP Điều 10
khoản 3). The apps' base templates show it in their block cchc_page_rating; a department's own
templates can put it anywhere."""

from django import template
from wagtail.models import Page

from ..core import conf
from ..ratings.models import Reason

register = template.Library()


@register.inclusion_tag("cchc_pages/ratings/widget.html", takes_context=True)
def cchc_page_rating(context, page=None):
    """The form for `page` (by default the page being shown); nothing without a live page to rate.
    It holds nothing about the reader, so the page around it may be cached and shared."""
    page = page if page is not None else context.get("page")
    if not isinstance(page, Page) or not page.pk or not page.live or page.depth <= 1:
        page = None
    return {"rated_page": page, "reasons": Reason.choices, "comment_max": conf.get("CCHC_RATING_COMMENT_MAX_LENGTH")}
