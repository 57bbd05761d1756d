"""Server-rendered SVG charts of report figures: for each figure, a bar of
its target beside a bar of what was actually reached, each value written
above its bar. Plain SVG (a title and a description, no script), drawn on
the server so that it prints and reads without JavaScript."""

import hashlib
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .services.timeline import FONT  # the same CJK fonts as the plan timeline

GROUP, BAR, TOP, BOTTOM, LEFT, HEIGHT = 120, 36, 40, 48, 16, 180
TARGET_COLOUR, ACTUAL_COLOUR = "#9aa5b1", "#1f6feb"


def _label(value):
    value = Decimal(value).normalize()
    return f"{value:f}" if value != value.to_integral() else f"{value.to_integral():f}"


def figure_line(figure):
    """One figure in words: its name, target and actual, in its unit."""
    return (
        _("%(name)s: target %(target)s, actual %(actual)s %(unit)s")
        % {
            "name": figure["name"],
            "target": _label(figure["target"]),
            "actual": _label(figure["actual"]),
            "unit": figure.get("unit", ""),
        }
    ).strip()


def figures_chart(figures, title):
    """The chart of ``figures`` (objects or dicts with name, target, actual,
    unit) as an SVG element; an empty string when there is none."""
    figures = [f if isinstance(f, dict) else vars(f) for f in figures]
    if not figures:
        return ""
    peak = max(max(Decimal(f["target"]), Decimal(f["actual"])) for f in figures) or Decimal(1)
    width = LEFT * 2 + GROUP * len(figures)
    # Ids of its own, so that several charts on one page keep their titles apart.
    ref = "chart-" + hashlib.sha256(f"{title}{figures}".encode()).hexdigest()[:10]
    total = TOP + HEIGHT + BOTTOM
    base = TOP + HEIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="report-chart" '
        f'viewBox="0 0 {width} {total}" width="{width}" height="{total}" '
        f'font-family="{escape(FONT)}" font-size="12" aria-labelledby="{ref}-title {ref}-desc">',
        f'<title id="{ref}-title">{escape(title)}</title>',
        '<desc id="{}-desc">{}</desc>'.format(ref, escape("; ".join(figure_line(f) for f in figures))),
        f'<rect x="{LEFT}" y="8" width="10" height="10" fill="{TARGET_COLOUR}"/>'
        f'<text x="{LEFT + 14}" y="17">{escape(_("target"))}</text>'
        f'<rect x="{LEFT + 70}" y="8" width="10" height="10" fill="{ACTUAL_COLOUR}"/>'
        f'<text x="{LEFT + 84}" y="17">{escape(_("actual"))}</text>',
    ]
    for i, f in enumerate(figures):
        x = LEFT + i * GROUP + (GROUP - 2 * BAR - 8) // 2
        for j, (kind, colour) in enumerate((("target", TARGET_COLOUR), ("actual", ACTUAL_COLOUR))):
            value = Decimal(f[kind])
            h = int(HEIGHT * max(value, Decimal(0)) / peak)
            bx = x + j * (BAR + 8)
            parts.append(
                f'<g class="point" data-figure="{escape(f["name"])}" data-kind="{kind}" '
                f'data-value="{_label(value)}">'
                f'<rect x="{bx}" y="{base - h}" width="{BAR}" height="{h}" fill="{colour}"/>'
                f'<text x="{bx + BAR // 2}" y="{base - h - 4}" text-anchor="middle">'
                f"{_label(value)}</text></g>"
            )
        name = f["name"] + (f" ({f['unit']})" if f.get("unit") else "")
        parts.append(
            f'<text x="{LEFT + i * GROUP + GROUP // 2}" y="{base + 18}" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    parts.append(f'<line x1="{LEFT}" y1="{base}" x2="{width - LEFT}" y2="{base}" stroke="#444"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it escaped above)
