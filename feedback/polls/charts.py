"""Server-side SVG charts for the admin (no JavaScript library, no CDN)."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cchc_pages.core import dates

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 240, 40, 40, 12


def timeline_svg(timeline, by="day"):
    """A bar per day (or week) of ballots cast; labelled axes; each bar has a <title> with its numbers.

    The admin page shows the same numbers in a table under the chart.
    """
    if not timeline:
        return ""
    peak = max(total for _day, _counts, total in timeline) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT - 10, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / len(timeline)
    bar_w = max(1.0, step * 0.8)
    fmt = "%d/%m" if by == "day" else "%d/%m/%y"
    label_every = max(1, len(timeline) // 12)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="cchc-chart-title" '
            'class="cchc-chart" style="max-width:100%;height:auto">',
            WIDTH,
            HEIGHT,
        ),
        format_html(
            '<title id="cchc-chart-title">{}</title>',
            _("Votes per day") if by == "day" else _("Votes per week"),
        ),
        format_html(
            '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#333"/>'
            '<line x1="{0}" y1="{3}" x2="{0}" y2="{1}" stroke="#333"/>',
            PAD_LEFT,
            PAD_TOP + plot_h,
            WIDTH - 10,
            PAD_TOP,
        ),
        format_html('<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>', PAD_LEFT - 4, PAD_TOP + 8, peak),
        format_html('<text x="{}" y="{}" font-size="11" text-anchor="end">0</text>', PAD_LEFT - 4, PAD_TOP + plot_h),
    ]
    for i, (day, _counts, total) in enumerate(timeline):
        h = plot_h * total / peak
        x = PAD_LEFT + i * step + (step - bar_w) / 2
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#1f5fa8"><title>{}: {}</title></rect>',
                f"{x:.1f}",
                f"{PAD_TOP + plot_h - h:.1f}",
                f"{bar_w:.1f}",
                f"{h:.1f}",
                dates.format_date(day),
                total,
            )
        )
        if i % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                    f"{x + bar_w / 2:.1f}",
                    PAD_TOP + plot_h + 16,
                    escape(day.strftime(fmt)),
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
