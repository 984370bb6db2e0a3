"""Bar charts drawn on the server as inline SVG: no JavaScript, nothing fetched, readable by screen readers.

Each chart carries a <title> and a <desc> (referenced by aria-labelledby) that state what it shows; each
bar has its own <title> with the exact figure, and the same figures are in the table next to the chart.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ocop.promotion.formatting import compact

PALETTE = {"red": "#b3261e", "gold": "#d99a00", "grey": "#9e958c", "teal": "#2f6f73"}


@dataclass
class Series:
    name: str
    values: list[int]
    colour: str = PALETTE["red"]


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above value (axis maximum)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return int(step * power)
    return 10 * power


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    value_text: Callable[[int], str],
    width: int = 560,
    height: int = 260,
) -> SafeString:
    """Vertical bars, one per label; several series are stacked (bottom first); the total is written on top."""
    left, right, top, bottom = 64, 12, 28 if len(series) > 1 else 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    maximum = nice_ceiling(max(totals, default=0))
    slot = plot_w / max(len(labels), 1)
    bar_w = min(slot * 0.6, 90)
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet" font-family="system-ui, \'DejaVu Sans\', sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for step in range(5):
        value = maximum * step // 4
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3ddd6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#5f5a55">{escape(compact(value))}</text>'
        )
    for index, label in enumerate(labels):
        x = left + slot * index + (slot - bar_w) / 2
        base = top + plot_h
        for s in series:
            value = s.values[index]
            h = plot_h * value / maximum if maximum else 0
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{s.colour}">'
                f"<title>{escape(label)} · {escape(s.name)}: {escape(value_text(value))}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{base - 4:.1f}" text-anchor="middle" fill="#1d1b1a" '
            f'font-weight="600">{escape(compact(totals[index]))}</text>'
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16:.1f}" text-anchor="middle" '
            f'fill="#1d1b1a">{escape(label)}</text>'
        )
    if len(series) > 1:
        x = left
        for s in series:
            parts.append(
                f'<rect x="{x}" y="6" width="12" height="12" fill="{s.colour}"/>'
                f'<text x="{x + 16}" y="16" fill="#1d1b1a">{escape(s.name)}</text>'
            )
            x += 24 + 7 * len(s.name)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def horizontal_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    values: list[int],
    value_text: Callable[[int], str],
    colour: str = PALETTE["red"],
    width: int = 640,
    label_width: int = 250,
) -> SafeString:
    """One horizontal bar per label (long labels such as event types), the value written after the bar."""
    row_h, gap, top = 22, 8, 4
    height = top * 2 + len(labels) * (row_h + gap)
    plot_w = width - label_width - 90
    maximum = max(values, default=0) or 1
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, \'DejaVu Sans\', sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * (row_h + gap)
        w = plot_w * value / maximum
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" fill="#1d1b1a">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{row_h}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(value_text(value))}</title></rect>"
            f'<text x="{label_width + w + 6:.1f}" y="{y + 15}" fill="#1d1b1a" font-weight="600">'
            f"{escape(value_text(value))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
