"""Charts drawn by the server as inline SVG: no JavaScript, no chart library, nothing fetched.

Every bar is a link to the records behind it. Each chart has a <title> and <desc> for screen
readers, and the page shows the same numbers in a table next to it.
"""

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

RED = "#b3261e"
GOLD = "#e0a100"
GREEN = "#1e6b35"
GREY = "#8a837c"
INK = "#1d1b1a"
LINE = "#e3ddd6"
STAR_COLOURS = {3: "#e8b04a", 4: "#d0731c", 5: RED}
PALETTE = [RED, "#d0731c", GOLD, GREEN, "#2f6f9f", "#7a4ea3", GREY]


@dataclass
class Bar:
    label: str
    value: Decimal | int | None
    text: str
    href: str = ""
    colour: str = ""


def _num(value) -> float:
    return float(value or 0)


def _svg(width: int, height: int, title: str, body: list[str], desc: str = "") -> SafeString:
    return mark_safe(  # noqa: S308 - every text below is escaped
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def _link(href: str, inner: str, label: str) -> str:
    if not href:
        return inner
    return f'<a href="{escape(href)}" aria-label="{escape(label)}">{inner}</a>'


def column_chart(
    bars: list[Bar], *, title: str, reference: tuple[Decimal, str] | None = None, height: int = 300
) -> SafeString:
    """Vertical bars with the value above each; an optional dashed reference line (a target)."""
    width = 640
    left, right, top, bottom = 16, 16, 44 if reference else 34, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([_num(b.value) for b in bars] + [_num(reference[0]) if reference else 0, 1])
    slot = plot_w / max(len(bars), 1)
    bar_w = min(slot * 0.62, 90)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{LINE}" stroke-width="2"/>'
    ]
    for index, bar in enumerate(bars):
        h = plot_h * _num(bar.value) / peak
        x = left + slot * index + (slot - bar_w) / 2
        y = top + plot_h - h
        colour = bar.colour or RED
        rect = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" rx="3" fill="{colour}"/>'
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="17" font-weight="700" '
            f'fill="{INK}">{escape(bar.text)}</text>'
        )
        body.append(_link(bar.href, rect, f"{bar.label}: {bar.text}"))
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 26}" text-anchor="middle" font-size="16" '
            f'fill="{INK}">{escape(bar.label)}</text>'
        )
    if reference:
        y = top + plot_h - plot_h * _num(reference[0]) / peak
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GREEN}" stroke-width="2.5" '
            f'stroke-dasharray="8 6"/><line x1="{left}" y1="12" x2="{left + 30}" y2="12" stroke="{GREEN}" '
            f'stroke-width="2.5" stroke-dasharray="8 6"/><text x="{left + 38}" y="17" font-size="15" '
            f'font-weight="600" fill="{GREEN}">{escape(reference[1])}</text>'
        )
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    return _svg(width, height, title, body, desc)


def bar_list(bars: list[Bar], *, title: str, label_width: int = 230, row: int = 38) -> SafeString:
    """Horizontal bars, label on the left and value at the end of the bar."""
    width = 640
    height = max(row * len(bars) + 10, 50)
    peak = max([_num(b.value) for b in bars] + [1])
    plot_w = width - label_width - 110
    body = []
    for index, bar in enumerate(bars):
        y = 6 + index * row
        w = plot_w * _num(bar.value) / peak
        colour = bar.colour or PALETTE[index % len(PALETTE)]
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        inner = (
            f'<text x="{label_width - 10}" y="{y + row / 2 + 1:.1f}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="16" fill="{INK}">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{max(w, 1):.1f}" height="{row - 12}" rx="3" fill="{colour}"/>'
            f'<text x="{label_width + max(w, 1) + 8:.1f}" y="{y + row / 2 + 1:.1f}" dominant-baseline="middle" '
            f'font-size="16" font-weight="700" fill="{INK}">{escape(bar.text)}</text>'
        )
        body.append(_link(bar.href, inner, f"{bar.label}: {bar.text}"))
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    return _svg(width, height, title, body, desc)


def funnel_chart(stages: list[tuple[Bar, Decimal | None, str]], *, title: str) -> SafeString:
    """Centred, narrowing bars (selected → ★4–5 → national ★5), each with its target as an outline."""
    width, row = 640, 70
    height = row * len(stages) + 10
    peak = max([_num(bar.value) for bar, target, _t in stages] + [_num(t) for _b, t, _x in stages if t] + [1])
    plot_w = width - 40
    body = []
    colours = ["#e8b04a", "#d0731c", RED]
    for index, (bar, target, target_text) in enumerate(stages):
        y = 6 + index * row
        w = plot_w * _num(bar.value) / peak
        x = (width - w) / 2
        if target:
            tw = plot_w * _num(target) / peak
            body.append(
                f'<rect x="{(width - tw) / 2:.1f}" y="{y + 18}" width="{tw:.1f}" height="{row - 26}" rx="4" '
                f'fill="none" stroke="{GREEN}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
        inner = (
            f'<rect x="{x:.1f}" y="{y + 22}" width="{max(w, 2):.1f}" height="{row - 34}" rx="4" '
            f'fill="{colours[index % 3]}"/>'
            f'<text x="{width / 2}" y="{y + 13}" text-anchor="middle" font-size="16" fill="{INK}">'
            f'{escape(bar.label)}: <tspan font-weight="700">{escape(bar.text)}</tspan>'
            f"{(' · ' + escape(target_text)) if target_text else ''}</text>"
        )
        body.append(_link(bar.href, inner, f"{bar.label}: {bar.text}"))
    desc = "; ".join(f"{bar.label}: {bar.text} {t}" for bar, _x, t in stages)
    return _svg(width, height, title, body, desc)


def series_with_reported(
    bars: list[Bar], reported: list[tuple[int, Decimal, str]], *, title: str, height: int = 300
) -> SafeString:
    """Computed values per year as bars, published figures for the same years as gold diamonds."""
    width = 640
    left, right, top, bottom = 16, 16, 40, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([_num(b.value) for b in bars] + [_num(v) for _y, v, _t in reported] + [1])
    slot = plot_w / max(len(bars), 1)
    bar_w = min(slot * 0.55, 70)
    positions = {}
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{LINE}" stroke-width="2"/>'
    ]
    for index, bar in enumerate(bars):
        h = plot_h * _num(bar.value) / peak
        x = left + slot * index + (slot - bar_w) / 2
        positions[bar.label] = x + bar_w / 2
        inner = (
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" rx="3" '
            f'fill="{RED}"/><text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 6:.1f}" text-anchor="middle" '
            f'font-size="14" font-weight="700" fill="{INK}">{escape(bar.text)}</text>'
        )
        body.append(_link(bar.href, inner, f"{bar.label}: {bar.text}"))
        if len(bars) <= 16 or index % 2 == 0:
            body.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 24}" text-anchor="middle" font-size="14" '
                f'fill="{INK}">{escape(bar.label)}</text>'
            )
    stacked: dict[int, int] = {}
    for year, value, text in reported:
        cx = positions.get(str(year))
        if cx is None:
            continue
        cy = top + plot_h - plot_h * _num(value) / peak
        shift = stacked.get(year, 0)
        stacked[year] = shift + 1
        body.append(
            f'<path d="M{cx:.1f} {cy - 8:.1f} l8 8 l-8 8 l-8 -8 z" fill="{GOLD}" stroke="{INK}" stroke-width="1"/>'
            f'<text x="{cx + 11:.1f}" y="{cy + 5 + 15 * shift:.1f}" font-size="13" font-weight="700" fill="#7a5600">'
            f"{escape(text)}</text>"
        )
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    return _svg(width, height, title, body, desc)


def progress_bar(progress: Decimal | None, elapsed: Decimal | None, status: str) -> SafeString:
    """A small bar: filled to min(progress, 100 %), with a tick at the elapsed share of the phase."""
    width, height = 200, 22
    colour = {"met": GREEN, "on_track": GREEN, "behind": GOLD, "missed": RED}.get(status, GREY)
    filled = min(_num(progress), 100) * width / 100
    body = [
        f'<rect x="0" y="4" width="{width}" height="14" rx="7" fill="{LINE}"/>',
        f'<rect x="0" y="4" width="{filled:.1f}" height="14" rx="7" fill="{colour}"/>',
    ]
    if elapsed is not None and 0 < _num(elapsed) < 100:
        x = _num(elapsed) * width / 100
        body.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="22" stroke="{INK}" stroke-width="2"/>')
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="progress" viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(body)}</svg>'
    )


def day_columns(bars: list[Bar], *, title: str, height: int = 260) -> SafeString:
    """One thin column per day (up to a year): the value above a column only when there are at most 16,
    the day's label under every n-th column so that at most 6 show, large enough to read on a phone;
    each column a link with its label and value, and a <title> for the pointer. The page shows the same
    numbers in a table."""
    width = 640
    left, right, top, bottom = 12, 12, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([_num(b.value) for b in bars] + [1])
    slot = plot_w / max(len(bars), 1)
    bar_w = max(min(slot * 0.7, 60), 1)
    every = max(1, -(-len(bars) // 6))
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{LINE}" stroke-width="2"/>'
    ]
    for index, bar in enumerate(bars):
        h = plot_h * _num(bar.value) / peak
        x = left + slot * index + (slot - bar_w) / 2
        y = top + plot_h - h
        label = f"{bar.label}: {bar.text}"
        inner = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" rx="2" '
            f'fill="{bar.colour or RED}"><title>{escape(label)}</title></rect>'
        )
        if len(bars) <= 16:
            inner += (
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="20" '
                f'font-weight="700" fill="{INK}">{escape(bar.text)}</text>'
            )
        body.append(_link(bar.href, inner, label))
        if index % every == 0:
            body.append(
                f'<text x="{min(max(x + bar_w / 2, left + 32), width - right - 32):.1f}" y="{top + plot_h + 28}" '
                f'text-anchor="middle" font-size="22" fill="{INK}">{escape(bar.label)}</text>'
            )
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars)
    return _svg(width, height, title, body, desc)
