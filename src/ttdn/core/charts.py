"""Server-rendered SVG charts: no JavaScript, no CDN, printable. Pure functions returning markup."""

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css_class: str = ""


def bar_chart(
    bars: list[Bar], *, title: str, width: int = 520, bar_height: int = 22, label_width: int = 200
) -> str:
    """Horizontal bars with their values, scaled to the largest one."""
    gap = 6
    height = len(bars) * (bar_height + gap) + gap
    largest = max((b.value for b in bars), default=0) or 1
    span = width - label_width - 60
    rows = []
    for index, bar in enumerate(bars):
        y = gap + index * (bar_height + gap)
        length = round(span * bar.value / largest)
        rows.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.0f}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect class="bar {escape(bar.css_class)}" x="{label_width}" y="{y}" width="{length}" height="{bar_height}"/>'
            f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}">{bar.value}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{escape(title)}</title>{"".join(rows)}</svg>'
    )


def stacked_bar(parts: list[Bar], *, title: str, width: int = 520, height: int = 26) -> str:
    """One bar split by share, e.g. tasks by status; each part carries its count as a tooltip."""
    total = sum(p.value for p in parts) or 1
    x, pieces = 0.0, []
    for part in parts:
        w = width * part.value / total
        if w > 0:
            pieces.append(
                f'<rect class="bar {escape(part.css_class)}" x="{x:.1f}" y="0" width="{w:.1f}" height="{height}">'
                f"<title>{escape(part.label)}: {part.value}</title></rect>"
            )
        x += w
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}"><title>{escape(title)}</title>{"".join(pieces)}</svg>'
    )
