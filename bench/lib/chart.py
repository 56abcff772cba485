"""The results chart as an SVG (Python standard library only).

Two panels side by side, one row per target: requests/s at the highest concurrency and
p99 latency at that concurrency. Bars are medians, whiskers min–max over the
repetitions, dots the single repetitions. Both axes are logarithmic: the targets differ
by orders of magnitude.
"""

import math
from xml.sax.saxutils import escape

COLORS = {
    "gantry": "#1f77b4",
    "gateway-only": "#9467bd",
    "node-http": "#2ca02c",
    "serverless-offline": "#d62728",
}


def _log_ticks(lo, hi):
    start, end = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    return [10 ** e for e in range(start, end + 1)]


def _fmt(v):
    if v >= 1000:
        return f"{v / 1000:.3g}k"
    if v >= 1:
        return f"{v:.3g}"
    return f"{v:.2g}"


def _panel(x0, y0, width, title, unit, rows, better):
    """rows: [(label, [values])]; returns SVG elements."""
    out = []
    values = [v for _, vs in rows for v in vs if v and v > 0]
    if not values:
        return out
    ticks = _log_ticks(min(values) / 1.5, max(values) * 1.5)
    lo, hi = math.log10(ticks[0]), math.log10(ticks[-1])
    label_w, row_h, top = 130, 34, 40
    plot_w = width - label_w - 20

    def x(v):
        return x0 + label_w + (math.log10(v) - lo) / (hi - lo) * plot_w

    out.append(f'<text x="{x0 + width / 2}" y="{y0 + 18}" text-anchor="middle" '
               f'font-weight="bold">{escape(title)}</text>')
    out.append(f'<text x="{x0 + width / 2}" y="{y0 + 32}" text-anchor="middle" '
               f'font-size="11" fill="#555">{escape(unit)}, log scale; {escape(better)}</text>')
    bottom = y0 + top + row_h * len(rows)
    for t in ticks:
        out.append(f'<line x1="{x(t):.1f}" y1="{y0 + top}" x2="{x(t):.1f}" y2="{bottom}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{x(t):.1f}" y="{bottom + 14}" text-anchor="middle" '
                   f'font-size="11" fill="#555">{_fmt(t)}</text>')
    for i, (label, vs) in enumerate(rows):
        cy = y0 + top + row_h * i + row_h / 2
        color = COLORS.get(label, "#7f7f7f")
        out.append(f'<text x="{x0 + label_w - 8}" y="{cy + 4}" text-anchor="end">'
                   f'{escape(label)}</text>')
        vs = sorted(v for v in vs if v and v > 0)
        if not vs:
            out.append(f'<text x="{x0 + label_w + 4}" y="{cy + 4}" fill="#a00">no data</text>')
            continue
        med = vs[len(vs) // 2] if len(vs) % 2 else (vs[len(vs) // 2 - 1] + vs[len(vs) // 2]) / 2
        x_left = x0 + label_w
        out.append(f'<rect x="{x_left}" y="{cy - 9}" width="{max(x(med) - x_left, 1):.1f}" '
                   f'height="18" fill="{color}" fill-opacity="0.75"/>')
        out.append(f'<line x1="{x(vs[0]):.1f}" y1="{cy}" x2="{x(vs[-1]):.1f}" y2="{cy}" '
                   f'stroke="#000" stroke-width="1.5"/>')
        for end in (vs[0], vs[-1]):
            out.append(f'<line x1="{x(end):.1f}" y1="{cy - 6}" x2="{x(end):.1f}" y2="{cy + 6}" '
                       f'stroke="#000" stroke-width="1.5"/>')
        for v in vs:
            out.append(f'<circle cx="{x(v):.1f}" cy="{cy}" r="2.5" fill="#fff" stroke="#000"/>')
        out.append(f'<text x="{min(x(vs[-1]) + 6, x0 + width - 4):.1f}" y="{cy - 10}" '
                   f'font-size="11" text-anchor="{"start" if x(vs[-1]) + 50 < x0 + width else "end"}">'
                   f'{_fmt(med)}</text>')
    return out


def render(conc, series, caption):
    """series: [(target, rps_values, p99_ms_values)] -> SVG text."""
    panel_w, n = 460, len(series)
    height = 40 + 34 * n + 50
    width = panel_w * 2 + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
             f'<rect width="{width}" height="{height}" fill="#fff"/>']
    parts += _panel(0, 0, panel_w, f"GET /test requests/s at {conc} connections", "200s per second",
                    [(t, r) for t, r, _ in series], "longer is better")
    parts += _panel(panel_w + 20, 0, panel_w, f"p99 latency at {conc} connections", "ms",
                    [(t, p) for t, _, p in series], "shorter is better")
    parts.append(f'<text x="10" y="{height - 12}" font-size="11" fill="#555">{escape(caption)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
