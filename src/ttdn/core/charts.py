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


def band_chart(
    history: list[float],
    forecast: list[float],
    bands: list[tuple[list[float], list[float], str]],
    *,
    title: str,
    labels: tuple[str, str, str] = ("", "", ""),
    width: int = 640,
    height: int = 240,
) -> str:
    """A history line followed by a forecast line, with interval bands (widest first) shaded behind the
    forecast. ``labels`` are the first, last-history and last-forecast x-axis captions (dates)."""
    pad_left, pad_right, pad_top, pad_bottom = 40, 10, 10, 24
    total = len(history) + len(forecast)
    top = max([*history, *forecast, *(v for _, upper, _ in bands for v in upper), 1.0])
    plot_w, plot_h = width - pad_left - pad_right, height - pad_top - pad_bottom

    def x(i: int) -> float:
        return pad_left + plot_w * i / max(1, total - 1)

    def y(v: float) -> float:
        return pad_top + plot_h * (1 - v / top)

    def path(values: list[float], start: int) -> str:
        return " ".join(f"{x(start + i):.1f},{y(v):.1f}" for i, v in enumerate(values))

    last = len(history) - 1
    parts = [
        f'<line class="axis" x1="{pad_left}" y1="{y(0):.1f}" x2="{width - pad_right}" y2="{y(0):.1f}"/>',
        f'<text x="{pad_left - 4}" y="{y(top) + 4:.1f}" text-anchor="end">{top:.0f}</text>',
        f'<text x="{pad_left - 4}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    for lower, upper, css_class in bands:
        # The band starts at the last observed day, so it visibly grows out of the history line.
        anchor = history[-1] if history else 0.0
        back = " ".join(
            f"{x(last + i):.1f},{y(v):.1f}" for i, v in reversed(list(enumerate([anchor, *lower])))
        )
        outline = path([anchor, *upper], last) + " " + back
        parts.append(f'<polygon class="band {escape(css_class)}" points="{outline}"/>')
    if history:
        parts.append(f'<polyline class="history" fill="none" points="{path(history, 0)}"/>')
    if forecast:
        anchor = [history[-1]] if history else []
        start = last if history else 0
        parts.append(
            f'<polyline class="forecast" fill="none" stroke-dasharray="4 3" '
            f'points="{path([*anchor, *forecast], start)}"/>'
        )
        parts.append(
            f'<line class="now" x1="{x(last):.1f}" y1="{pad_top}" x2="{x(last):.1f}" y2="{y(0):.1f}"/>'
        )
    first_label, now_label, end_label = (escape(label) for label in labels)
    parts.append(f'<text x="{pad_left}" y="{height - 6}">{first_label}</text>')
    parts.append(f'<text x="{x(last):.1f}" y="{height - 6}" text-anchor="middle">{now_label}</text>')
    parts.append(f'<text x="{width - pad_right}" y="{height - 6}" text-anchor="end">{end_label}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart band-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}"><title>{escape(title)}</title>'
        f"{''.join(parts)}</svg>"
    )
