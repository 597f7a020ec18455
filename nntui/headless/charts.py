"""What `nntui run --headless` prints after a run: plotext charts, the summary table and
the held-out report lines. A one-off ~100 ms plotext render costs nothing here (DESIGN.md
"Drawing"); the live dashboard draws with its own renderer instead.
"""

from __future__ import annotations

import io
import math
import os

import numpy as np

from nntui.core.band import mean_sd
from nntui.core.metrics import decimate, ema_smooth
from nntui.core.run import FinalReport
from nntui.core.snapshot import Snapshot, series_groups
from nntui.i18n import _, cells, join_list, pgettext
from nntui.runs.summary import accuracy_columns, stop_column, stop_epochs
from nntui.tui.plotting.bars import bin_columns, histogram_bars

MARKERS = ("braille", "dot", "x", "+", "o", "*", "hd", "fhd")
COLORS = ("blue", "red", "green", "orange", "magenta", "cyan", "yellow", "gray")
MAX_POINTS = 400  # decimate curves: a chart is at most ~100 columns wide anyway
#: Series drawn in one chart (one marker each). A preset with more (batchnorm has 32) gets
#: small multiples: the same chart once per group of consecutive series, on shared axes.
CHART_SERIES = len(MARKERS)
#: plotext gives every character one cell; a wide (Japanese) one takes two on a terminal.
#: Each wide character of a title or label is followed by this private-use filler, so
#: plotext reserves its second cell, and the filler is removed from the built chart.
_FILLER = "\ue000"


def _plotext_text(text: str) -> str:
    """`text` with a filler after each wide character (see _FILLER)."""
    if text.isascii():
        return text
    return "".join(ch + _FILLER if cells.width(ch) == 2 else ch for ch in text)


def charts(snapshot: Snapshot, smoothing: float, *, width: int = 100, color: bool = False
           ) -> list[str]:
    """plotext charts (strings) for a finished run: loss, accuracy, or paths.

    Every series is drawn: more than CHART_SERIES become small multiples (one chart per
    group, titled "series 1–8 of 32", with shared axes), and a series that has nothing to
    draw (no finite value) is named under its chart."""
    import plotext as plt  # ~100 ms: only when a finished run prints its charts

    out: list[str] = []
    series = snapshot.series
    groups = series_groups(len(series), CHART_SERIES)
    many = len(groups) > 1
    height = 16 if many else 18

    def start(title: str, group: range | None = None) -> None:
        plt.clf()
        plt.plotsize(width, height)
        # No canvas colour (the default theme paints a white background over a dark
        # terminal); series get colours below when the terminal has them.
        plt.theme("clear")
        if many and group is not None:
            title = _("{title} · series {first}–{last} of {count}").format(
                title=title, first=group.start + 1, last=group.stop, count=len(series))
        plt.title(_plotext_text(title))

    def paint(i: int, k: int | None = None) -> str | None:
        """Colour of the i-th line of a chart (series k: a comparison's series keeps the
        colour of its name in every run, `runs.compare.series_styles`; markers differ)."""
        style = series[k].style if k is not None else None
        return COLORS[(i if style is None else style[0]) % len(COLORS)] if color else None

    def build(group: range, drawn: set[int]) -> str:
        text = plt.build()
        # The "clear" theme still ends every line with a reset code; piped output and
        # NO_COLOR terminals get plain text.
        text = (text if color else plt.uncolorize(text)).replace(_FILLER, "")
        missing = [_(series[k].name) for k in group if k not in drawn]
        if missing:
            text += "\n" + _("not drawn (no finite values): {names}").format(
                names=join_list(missing))
        return text

    def line_chart(title: str, group: range, curves: dict[int, tuple[np.ndarray, np.ndarray]],
                   ylim: tuple[float, float] | None) -> str:
        """One chart of the `group`'s curves (k -> (x, y)), on `ylim` when given."""
        start(title, group)
        if ylim is not None:
            plt.ylim(*ylim)
        drawn = set()
        for i, k in enumerate(group):
            if k in curves:
                x, y = curves[k]
                plt.plot(x.tolist(), y.tolist(), marker=MARKERS[i], color=paint(i, k),
                         label=_plotext_text(_(series[k].name)))
                drawn.add(k)
        return build(group, drawn)

    lines_follow = any(s.path is not None or len(s.loss) > 1 or len(s.eval_it) > 1
                       for s in series)
    if many and lines_follow:
        out.append(_(
            "{count} series: each chart below draws one group of at most "
            "{size} (same axes); the summary table lists every series."
        ).format(count=len(series), size=len(groups[0])))
    if not lines_follow and any(s.histograms for s in series):
        out += histogram_charts(snapshot, width)
    if any(s.path is not None for s in series):
        # A runaway path (SGD with a big lr reaches 1e9) is clipped to the contour window
        # of the TUI: it must not squash the other paths into one pixel.
        window = snapshot.boundary_extent
        for group in groups:
            start(_("optimizer paths (x, y)"), group)
            drawn = set()
            for i, k in enumerate(group):
                s = series[k]
                if s.path is not None and len(s.path):
                    path = s.path[np.isfinite(s.path).all(axis=1)]
                    if window is not None:
                        x0, x1, y0, y1 = window
                        path = np.clip(path, (x0, y0), (x1, y1))
                    plt.plot(path[:, 0].tolist(), path[:, 1].tolist(), marker=MARKERS[i],
                             color=paint(i), label=_plotext_text(_(s.name)))
                    drawn.add(k)
            if many and window is not None:
                plt.xlim(window[0], window[1])
                plt.ylim(window[2], window[3])
            out.append(build(group, drawn))
    elif any(len(s.loss) > 1 for s in series):
        log = snapshot.unit == "check"  # relative gradient errors span decades
        curves: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        diverged: dict[int, bool] = {}
        for k, s in enumerate(series):
            ok = np.isfinite(s.loss)
            if ok.any():
                y = s.loss[ok]
                y = np.log10(np.maximum(y, 1e-300)) if log else ema_smooth(y, smoothing)
                # Min and max per bucket, as the dashboard thins its curves: a spike survives.
                curves[k] = decimate(s.loss_it[ok], y, MAX_POINTS)
                diverged[k] = s.diverged
        ylim: tuple[float, float] | None = None
        if not log and curves:
            # A short early spike (RMSprop's first steps) must not flatten every other
            # curve: cap the axis at the 98th percentile of all points, like the book's
            # fixed ylim. Diverged series (1e34 in batchnorm) do not set the scale.
            calm = [k for k in curves if not diverged[k]] or list(curves)
            pooled = np.concatenate([curves[k][1] for k in calm])
            top = float(np.percentile(pooled, 98)) * 1.1
            if 0 < top < math.inf:
                ylim = (0.0, top)
                # plotext joins points pixel by pixel even off the canvas: a diverged
                # series at 1e34 would make it allocate gigabytes. Clip to the axis.
                curves = {k: (x, np.minimum(y, top)) for k, (x, y) in curves.items()}
        elif many and curves:  # small multiples share the axis
            pooled = np.concatenate([y for _, y in curves.values()])
            ylim = (float(pooled.min()), float(pooled.max()))
        title = (_("log10 relative error") if log
                 else _("loss (EMA {smoothing})").format(smoothing=f"{smoothing:g}"))
        out += [line_chart(title, group, curves, ylim) for group in groups]
    if any(len(s.eval_it) > 1 for s in series):
        # The test curve when one was recorded; a search tests once at the end (a single
        # point draws no line), so it shows its validation curve instead.
        test = any(np.isfinite(s.test_acc).sum() > 1 for s in series)
        accs = {}
        for k, s in enumerate(series):
            acc = s.test_acc if test else s.val_acc
            ok = np.isfinite(acc) if len(acc) == len(s.eval_it) else np.zeros(0, bool)
            if ok.sum() > 1:
                accs[k] = (s.eval_it[ok], acc[ok])
        acc_lim = None
        if many and accs:
            pooled = np.concatenate([y for _, y in accs.values()])
            acc_lim = (float(pooled.min()), float(pooled.max()))
        if acc_lim is not None and not acc_lim[0] < acc_lim[1]:
            acc_lim = None
        title = _("test accuracy") if test else _("validation accuracy")
        if test and snapshot.test_subset_note():  # live points on a subset: say so
            title += " " + snapshot.test_subset_note()
        out += [line_chart(title, group, accs, acc_lim) for group in groups]
    if snapshot.trials:
        done = [t for t in snapshot.trials if t.done and math.isfinite(t.val_acc)]
        if done:
            start(_("trials: log10(lr) vs validation accuracy"))
            for rnd, marker in ((1, "dot"), (2, "x")):
                pts = [t for t in done if t.round == rnd]
                if pts:
                    plt.scatter([math.log10(t.lr) for t in pts], [t.val_acc for t in pts],
                                marker=marker,
                                label=_plotext_text(_("round {n}").format(n=rnd)))
            out.append(build(range(0), set()))
    plt.clf()
    return out


#: Histogram blocks of the headless output: columns per layer panel, bar rows.
HIST_PANEL_WIDTH, HIST_ROWS = 20, 5


def histogram_charts(snapshot: Snapshot, width: int = 100) -> list[str]:
    """Text histograms of every series' activations (activation-histograms prints no
    curve): per series a title line, then its layers side by side, each on the layer's
    own range (``lo … hi`` under the bars), bins mapped to whole columns (`bin_columns`)."""
    out = []
    per_row = max(1, (width + 1) // (HIST_PANEL_WIDTH + 1))
    for s in snapshot.series:
        if not s.histograms:
            continue
        # As the dashboard's header says it: one x range for every layer, or each its own.
        shared = all(np.array_equal(h.edges, s.histograms[0].edges) for h in s.histograms)
        head = (_("activations of {series} (one panel per layer, x shared by layers)")
                if shared else _("activations of {series} (one panel per layer, x: the "
                                 "layer's range)"))
        block = [cells.clip(head.format(series=_(s.name)), width)]
        for start in range(0, len(s.histograms), per_row):
            hists = s.histograms[start:start + per_row]
            panels = []
            for h in hists:
                w = HIST_PANEL_WIDTH
                title = cells.pad(f"L{h.layer} μ{h.mean:.2g} σ{h.std:.2g}", w)
                bars = histogram_bars(h.counts, w, HIST_ROWS)
                lo, hi = f"{h.edges[0]:.3g}", f"{h.edges[-1]:.3g}"
                drawn = len(bin_columns(len(h.counts), w))  # the bars' columns
                fits = len(lo) + len(hi) < drawn
                axis = (lo + hi.rjust(drawn - len(lo))) if fits else lo
                panels.append([title, *bars, axis.ljust(w)])
            block += [" ".join(p[r] for p in panels).rstrip() for r in range(HIST_ROWS + 2)]
        out.append("\n".join(block))
    return out


def summary_rows(
    extras: tuple[str, ...], snapshot: Snapshot, report: FinalReport | None,
    loss_label: str = "loss", gap: bool = False,
) -> tuple[list[str], list[list[str]]]:
    """`summary_table`'s header and rows (one per series, its name first)."""
    windows = {s.final_loss_window() for s in snapshot.series} - {0}
    n = windows.pop() if len(windows) == 1 else None
    # Named for what it holds: the mean of the last N losses, as the progress line's.
    label = _(loss_label)
    if n == 1:
        loss_col = _("last {loss}").format(loss=label)
    elif n:
        loss_col = _("{loss} avg of last {n}").format(loss=label, n=n)
    else:
        loss_col = _("{loss} avg of last 10%").format(loss=label)
    diverged_col = pgettext("column", "diverged")
    accuracies = accuracy_columns(snapshot.series, report, gap=gap)
    stops = stop_epochs(snapshot.series)
    header = [pgettext("column", "series"), loss_col, *accuracies, diverged_col,
              *(_(k) for k in extras), stop_column()]  # as the dashboard's table heads them
    rows = []
    by_seed = {r.name: r.per_seed for r in report.series} if report is not None else {}
    for i, s in enumerate(snapshot.series):
        acc_cells = [fmt_number(values[i], 3) for values in accuracies.values()]
        if s.band is not None:  # K seeds: mean ± sd over them
            trains = [f.train_acc for f in s.band.finals]
            tests = list(by_seed.get(s.name) or (f.test_acc for f in s.band.finals))
            acc_cells = [fmt_spread(trains), fmt_spread(tests),
                         *([fmt_spread([a - b for a, b in zip(trains, tests)])] if gap else [])]
        rows.append([
            _(s.name),
            fmt_number(s.final_loss()),
            *acc_cells,
            _("yes") if s.diverged else _("no"),
            *(fmt_number(s.extra.get(k, math.nan)) for k in extras),
            fmt_number(stops[i]),
        ])
    # A column with no value in any row (no loss in a forward-only probe, no accuracy in
    # a gradient check) says nothing: leave it out.
    keep = [i for i, h in enumerate(header)
            if i == 0 or h == diverged_col or any(r[i] != "-" for r in rows) or not rows]
    return [header[i] for i in keep], [[r[i] for i in keep] for r in rows]


def summary_table(
    extras: tuple[str, ...], snapshot: Snapshot, report: FinalReport | None, *,
    rich_table: bool = False, loss_label: str = "loss", gap: bool = False,
) -> str:
    """The end-of-run table: series, loss (avg of the last N, the progress line's
    number), train acc, test acc, the train–test gap with ``gap``, diverged, then the
    ``extras`` (the preset's `summary_columns`); columns empty in every row left out."""
    header, rows = summary_rows(extras, snapshot, report, loss_label, gap)
    if rich_table:
        # rich loads only for a terminal's table (piped output is plain text)
        from rich.console import Console
        from rich.table import Table

        title = pgettext("table", "summary")
        if snapshot.seeds:
            title = _("{title} (accuracies: mean ± sd of {k} seeds)").format(
                title=title, k=len(snapshot.seeds))
        table = Table(*header, title=title)
        for row in rows:
            table.add_row(*row)
        buf = io.StringIO()
        Console(file=buf, width=terminal_width(), force_terminal=not no_color()).print(table)
        return buf.getvalue().rstrip("\n")
    # Padded in terminal cells: a Japanese header is two cells per character.
    lines = cells.table([header, *rows])
    if snapshot.seeds:
        lines.append(_("(accuracies: mean ± sd of {k} seeds)").format(k=len(snapshot.seeds)))
    return "\n".join(lines)


def report_lines(snapshot: Snapshot, report: FinalReport | None, *, gap: bool = False
                 ) -> list[str]:
    """The final report's lines; with ``gap`` (regularization presets) each series' train
    accuracy and train − test gap too."""
    lines = []
    if snapshot.message:
        lines.append(snapshot.message)
    if report is not None:
        train = {s.name: s.last_train_acc for s in snapshot.series}
        parts = []
        for r in report.series:
            acc, f1 = f"{r.test_acc:.3f}", f"{float(np.mean(r.f1)):.3f}"
            if r.per_seed:
                acc = fmt_spread(list(r.per_seed))
            if gap:
                t = train.get(r.name, math.nan)
                part = _("{series} {acc} (F1 {f1}, train {train}, gap {gap})").format(
                    series=_(r.name), acc=acc, f1=f1, train=fmt_number(t, 3),
                    gap=fmt_number(t - r.test_acc, 3))
            else:
                part = _("{series} {acc} (F1 {f1})").format(series=_(r.name), acc=acc, f1=f1)
            parts.append(part)
        sep = pgettext("list separator", ",  ")
        if snapshot.seeds:
            lines.append(_("test accuracy (held-out, once at the end; mean ± sd of {k} "
                           "seeds): {results}").format(k=len(snapshot.seeds),
                                                       results=sep.join(parts)))
            lines += [_("  {series} by seed: {values}").format(
                series=_(r.name), values="  ".join(f"{v:.3f}" for v in r.per_seed))
                for r in report.series if r.per_seed]
        else:
            lines.append(_("test accuracy (held-out, once at the end): {results}").format(
                results=sep.join(parts)))
    elif not snapshot.done:
        lines.append(_("stopped before the end: no final test report"))
    return lines


def fmt_spread(values: list[float]) -> str:
    """The mean ± sample sd of accuracies over seeds, "0.912 ± 0.010" ("-" for none)."""
    mean, sd = mean_sd(values)
    if not math.isfinite(mean):
        return "-"
    return f"{mean:.3f} ± {sd:.3f}"


def fmt_number(x: float, digits: int = 4) -> str:
    """A table cell: 3 decimals with ``digits=3`` (accuracies), else 4 significant digits;
    "-" when not finite. The progress line prints losses with it too (same text)."""
    x = float(x)
    if not math.isfinite(x):
        return "-"
    if x != 0 and (abs(x) < 1e-3 or abs(x) >= 1e5):
        return f"{x:.2e}"
    return f"{x:.{digits}f}" if digits == 3 else f"{x:.4g}"


def terminal_width() -> int:
    try:
        return max(60, min(120, os.get_terminal_size().columns))
    except OSError:
        return 100


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))
