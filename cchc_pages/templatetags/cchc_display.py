"""The reader's display controls, text size (A-/A/A+) and high contrast (TT 26/2020/TT-BTTTT,
WCAG 2.1 AA), kept in the browser without an account (static/cchc_pages/display.js).

{% cchc_display_head %} goes in <head> (the apps' base templates put it there), so that the
reader's choice is applied before the first paint; {% cchc_display_controls %} shows the buttons
wherever the site's header wants them."""

from django import template

register = template.Library()


@register.inclusion_tag("cchc_pages/includes/display_head.html")
def cchc_display_head():
    return {}


@register.inclusion_tag("cchc_pages/includes/display_controls.html")
def cchc_display_controls():
    return {}
