"""The framed-plot builder: header lines, y tick labels beside a braille canvas, the x axis
and its labels, as ``height`` Strips of ``width`` cells. Every x/y plot goes through
`framed`; what it draws inside the frame is the caller's ``draw`` callback."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from nntui.tui.plotting.axis import Axis, label_row
from nntui.tui.plotting.canvas import BrailleCanvas
from nntui.tui.plotting.style import AXIS, Line, line_strip, on_base, too_small

# A draw callback gets the canvas and the pixel mappers for x and y.
Draw = Callable[
    [BrailleCanvas, Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]], None
]

def framed(
    width: int,
    height: int,
    header: list[Line],
    x_axis: Axis,
    y_axis: Axis,
    draw: Draw,
    styles: Sequence[Style | None],
    base: Style,
    x_label: str = "",
) -> list[Strip]:
    """Header lines, then y tick labels | braille canvas, then the x axis and its labels.

    ``draw(canvas, fx, fy)`` paints into a canvas whose colour index ``i`` is shown with
    ``styles[i]``; ``fx``/``fy`` map data arrays (n,) to pixel coordinates.
    """
    plot_h = height - len(header) - 2
    if plot_h < 2:
        header = header[: max(0, height - 4)]
        plot_h = height - len(header) - 2
    y_ticks, y_labels = y_axis.ticks(max(2, plot_h // 3 + 1))
    margin = max((len(s) for s in y_labels), default=1)
    plot_w = width - margin - 1
    if plot_h < 2 or plot_w < 4:
        return too_small(width, height, base)
    canvas = BrailleCanvas(plot_w, plot_h)
    px_w, px_h = canvas.px_width, canvas.px_height
    draw(canvas, lambda v: x_axis.to_px(v, px_w), lambda v: y_axis.to_px(v, px_h, flip=True))

    # Tick rows: tick value -> dot row -> cell row; first label wins a shared row.
    tick_rows: dict[int, str] = {}
    ty = (y_axis.hi - y_ticks) / (y_axis.hi - y_axis.lo) * (px_h - 1)
    for row, lab in zip(np.rint(ty).astype(int) // 4, y_labels):
        if 0 <= row < plot_h:
            tick_rows.setdefault(int(row), lab)

    strips = [line_strip(line, width, base) for line in header]
    cell_styles = [on_base(base, st) for st in styles]
    label_style = on_base(base, None)
    axis_style = on_base(base, AXIS)
    for r, runs in enumerate(canvas.rows()):
        lab = tick_rows.get(r)
        segments = [
            Segment((lab or "").rjust(margin), label_style),
            Segment("┤" if lab else "│", axis_style),
        ]
        segments += [Segment(t, cell_styles[ci] if ci >= 0 else base) for t, ci in runs]
        # margin + axis + plot_w == width and every canvas glyph is one cell wide: the
        # length is known, so Textual need not measure each segment.
        strips.append(Strip(segments, width))

    x_ticks, x_labels = x_axis.ticks(max(3, plot_w // 14))
    cols = np.rint((x_ticks - x_axis.lo) / (x_axis.hi - x_axis.lo) * (px_w - 1)).astype(int) // 2
    axis = ["─"] * plot_w
    for c in cols:
        if 0 <= c < plot_w:
            axis[c] = "┬"
    strips.append(line_strip([(" " * margin + "└" + "".join(axis), AXIS)], width, base))
    shown = [(int(c), lab) for c, lab in zip(cols, x_labels) if 0 <= c < plot_w]
    labels = label_row(width, margin + 1, [c for c, _ in shown], [s for _, s in shown], x_label)
    strips.append(line_strip([(labels, None)], width, base))
    return strips[:height]

def last_finite(x: np.ndarray, y: np.ndarray) -> tuple[float, float] | None:
    ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    return (float(x[ok[-1]]), float(y[ok[-1]])) if ok.size else None
