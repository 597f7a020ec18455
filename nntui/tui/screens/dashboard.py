"""The live dashboard of one run: plots laid out per preset, status line, controls.

Threading (DESIGN.md "How data flows"): one `@work(thread=True, exclusive=True)` worker
builds the Run (maybe downloading data) and steps it through a `TrainingDriver`; it posts
exactly one message, when the run ends. A 10 Hz timer on the UI thread reads
`run.snapshot()` and touches widgets only when the snapshot changed, so training keeps the
CPU and keys stay responsive.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text as RichText
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from nntui.tui.driver import FULL_SPEED, TrainingDriver

if TYPE_CHECKING:
    from nntui.core.run import FinalReport, Run
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig
    from nntui.tui.app import NNTuiApp

#: Panels drawn side by side in the upper row; the others share the lower row.
TOP_PANELS = ("loss", "accuracy", "paths", "boundary", "scatter")
BOTTOM_PANELS = ("histograms", "trials", "table")
#: UI refresh period: ~10 Hz is smooth to watch and costs training little.
TICK_S = 0.1


class DownloadCancelled(Exception):
    """Raised from the download progress callback when the user left the run."""


class RunEnded(Message):
    """Posted once by the worker thread when its run finishes, stops or fails."""

    def __init__(self, driver: TrainingDriver, finished: bool,
                 report: FinalReport | None, error: str | None = None) -> None:
        super().__init__()
        self.driver = driver
        self.finished = finished
        self.report = report
        self.error = error


class DashboardScreen(Screen[None]):
    """One preset's run. Training starts as soon as the screen is mounted."""

    BINDINGS = [
        Binding("space", "toggle_pause", "Pause/Run"),
        Binding("n", "step", "Step"),
        Binding("full_stop", "step", "Step", show=False),
        Binding("s", "stop", "Stop"),
        Binding("r", "restart", "Restart"),
        Binding("f", "next_series", "Series"),
        Binding("g", "next_group", "Next group", show=False),
        Binding("tab", "next_series", "Series", show=False, priority=True),
        Binding("shift+tab", "prev_series", "Prev series", show=False, priority=True),
        Binding("l", "toggle_log", "Log-y", show=False),
        Binding("left_square_bracket", "smoothing(-1)", "Less smoothing", show=False),
        Binding("right_square_bracket", "smoothing(1)", "More smoothing", show=False),
        Binding("plus,equals_sign", "speed(1)", "Faster", show=False),
        Binding("minus,underscore", "speed(-1)", "Slower", show=False),
        Binding("v", "report", "Report", show=False),
        Binding("o", "sort_trials", "Sort trials", show=False),
        Binding("e", "export", "Export", show=False),
        Binding("escape,b", "back", "Back"),
        *[Binding(str(i), f"toggle_panel({i})", f"Panel {i}", show=False) for i in range(1, 9)],
    ]

    DEFAULT_CSS = """
    DashboardScreen { layout: vertical; }
    #dash-head { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    #dash-look { height: auto; max-height: 3; color: $text-muted; padding: 0 1; }
    #dash-top { height: 3fr; }
    #dash-bottom { height: 2fr; }
    #dash-top > * { width: 1fr; height: 1fr; margin: 0 1 0 0; }
    #dash-bottom > * { width: 1fr; height: 1fr; }
    #dash-status { height: 1; padding: 0 1; background: $panel; }
    #dash-none { height: 1fr; content-align: center middle; color: $text-muted; }
    """

    def __init__(self, preset: Preset, config: RunConfig, *, run: Run | None = None) -> None:
        super().__init__()
        self.preset = preset
        self.config = config
        self._prebuilt = run
        self.driver: TrainingDriver | None = None
        self.focus_index = 0
        self.smoothing_index = _smoothing_index(config.get("smoothing"))
        # A budget counted in single optimizer steps (30 for the paths) would finish in a
        # blink at full speed: start it throttled so the walk is visible.
        self.speed = 1 if preset.budget_key == "steps" else FULL_SPEED
        if self.nn_app.speed is not None:
            self.speed = self.nn_app.speed
        self.report: FinalReport | None = None
        self.state = "preparing"  # preparing | running | paused | done | stopped | failed
        self.error: str | None = None
        self.snapshot: Snapshot | None = None
        self._last_key: tuple[object, ...] | None = None
        self._status_text = ""
        self._download: tuple[str, int, int] | None = None
        self.ticks = 0  # timer ticks that redrew (tests, bench)
        self.hidden: set[str] = set()  # panels the user hid with 1…8

    @property
    def nn_app(self) -> NNTuiApp:
        return self.app  # type: ignore[return-value]

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        from nntui.tui.panels import BoundaryPlot, ExtraTable, HistogramRow, TrialsTable
        from nntui.tui.plots import LinePlot, PathPlot, ScatterPlot
        from nntui.tui.views import look_for_label

        lang = self.nn_app.lang
        panels = self.preset.panels
        yield Static(self._head_text(), id="dash-head")
        yield Static(RichText(look_for_label(lang), style="bold") + RichText(
            self.preset.look_for.get(lang)), id="dash-look")  # _fit_look cuts it to size
        factories: dict[str, Any] = {
            # Log loss by default: the races differ by decades (0.003 vs 0.3) at the end.
            "loss": lambda: LinePlot("loss", log_y=True, x_label=self._unit(),
                                     id="panel-loss"),
            "accuracy": lambda: LinePlot("accuracy", y_range=(0.0, 1.0), id="panel-accuracy"),
            "paths": lambda: PathPlot("paths", id="panel-paths"),
            "boundary": lambda: BoundaryPlot(id="panel-boundary"),
            "scatter": lambda: ScatterPlot("val acc by lr (x), λ (y)", id="panel-scatter"),
            "histograms": lambda: HistogramRow(id="panel-histograms"),
            "trials": lambda: TrialsTable(id="panel-trials"),
            "table": lambda: ExtraTable(id="panel-table"),
        }
        top = [factories[p]() for p in panels if p in TOP_PANELS]
        bottom = [factories[p]() for p in panels if p in BOTTOM_PANELS]
        if not top and len(bottom) > 1:
            # e.g. activation histograms + table: the histograms get the full width.
            top = [bottom.pop(0)]
        # The rows sit directly on the screen (no wrapping container): each widget layer
        # under a plot costs the compositor work on every frame.
        if top:
            yield Horizontal(*top, id="dash-top")
        if bottom:
            yield Horizontal(*bottom, id="dash-bottom")
        hidden_note = Static(f"All panels are hidden: 1…{len(panels)} shows one again.",
                             id="dash-none")
        hidden_note.display = False
        yield hidden_note
        yield Static("", id="dash-status")
        yield Footer()

    def _unit(self) -> str:
        return "trial" if self.preset.budget_key == "trials" else "iteration"

    def _head_text(self) -> str:
        lang = self.nn_app.lang
        ds = f" · {self.config.dataset}" if self.preset.datasets else ""
        return f"{self.preset.title.get(lang)}{ds} · seed {self.config.seed}"

    def _fit_look(self) -> None:
        """The "look for" text wrapped to the screen and cut, with "…", past its line budget:
        2 lines below 30 rows (the plots need them), else 3. `?` shows it whole."""
        from nntui.tui.views import look_for_label
        from nntui.tui.wrap import Wrapped

        lang = self.nn_app.lang
        text = RichText(look_for_label(lang), style="bold") + RichText(
            self.preset.look_for.get(lang))
        width = max(10, self.size.width - 2)  # the widget's padding: 1 cell each side
        budget = 2 if self.size.height < 30 else 3
        lines = Wrapped(text).lines(width)  # breaks Japanese between characters
        if len(lines) > budget:
            lines = lines[:budget]
            last = lines[-1]
            last.truncate(width - 1)
            last.append("…")
        self.query_one("#dash-look", Static).update(RichText("\n").join(lines))

    def on_resize(self) -> None:
        self._fit_look()

    def on_mount(self) -> None:
        self._fit_look()
        if "paths" in self.preset.panels:
            self._set_contours()
        self.start()
        self.set_interval(TICK_S, self._tick)
        self._tick()

    def on_unmount(self) -> None:
        self.shutdown()

    # -- run lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """(Re)start the run of `self.config` in a fresh worker."""
        from nntui.tui.launch import start_resource_tracker

        # Before any worker: a run may start a process pool (hparam-search), which needs
        # the tracker started with the real stderr. Not before the picker's first paint:
        # it forks a second Python.
        start_resource_tracker()
        self.shutdown()
        self.driver = TrainingDriver(speed=self.speed)
        self.report = None
        self.error = None
        self.state = "preparing"
        self.snapshot = None
        self._last_key = None
        self._download = None
        run, self._prebuilt = self._prebuilt, None
        self._train(self.driver, run)

    def shutdown(self) -> None:
        """Stop the current worker (it ends within one step) and release its run."""
        driver = self.driver
        if driver is not None:
            driver.stop()
            if driver.run is not None and not driver.running:
                driver.close()

    @work(thread=True, exclusive=True, group="train", exit_on_error=False)
    def _train(self, driver: TrainingDriver, run: Run | None) -> None:
        """Worker thread: build the run (maybe downloading), then step it to the end."""
        worker = get_current_worker()
        try:
            if run is None:

                def progress(name: str, done: int, total: int) -> None:
                    # Raising here aborts a download (the cache keeps no partial file), so
                    # quitting or going back never waits for a large file to finish.
                    if driver.stopped or worker.is_cancelled:
                        raise DownloadCancelled(name)
                    self._download = (name, done, total)  # atomic; the timer shows it

                run = self.preset.build(self.config, data_dir=self.nn_app.data_dir,
                                        progress=progress)
            driver.run = run
            finished = driver.loop(lambda: worker.is_cancelled)
            # The held-out report is computed here, off the UI thread.
            report = _safe_report(run) if finished else None
        except DownloadCancelled:
            return
        except Exception as exc:  # a DataError/ConfigError is the user's to fix: say it
            self.post_message(RunEnded(driver, False, None, _one_line(exc)))
            return
        finally:
            if driver.stopped:
                driver.close()
        if not worker.is_cancelled:
            self.post_message(RunEnded(driver, finished, report))

    def on_run_ended(self, message: RunEnded) -> None:
        if message.driver is not self.driver:
            return  # a previous run (restart) ending late
        if message.error is not None:
            self.state = "failed"
            self.error = message.error
            self.notify(message.error, title="Could not run", severity="error", timeout=10)
        elif message.finished:
            self.state = "done"
            self.report = message.report
        else:
            self.state = "stopped"
        self._tick(force=True)
        # Only over the dashboard itself: not above help or the too-small notice.
        if (message.finished and message.report is not None and self.nn_app.auto_report
                and self.app.screen is self):
            self.action_report()

    # -- drawing -----------------------------------------------------------------------------
    def _tick(self, force: bool = False) -> None:
        """Timer: read a snapshot; update widgets only if it changed."""
        driver = self.driver
        run = driver.run if driver is not None else None
        if run is not None:
            snap = run.snapshot()
            if self.state == "preparing":
                self.state = "running"
            key = (*_change_key(snap), self.focus_index, self.smoothing_index)
            if force or key != self._last_key:
                self._last_key = key
                self.snapshot = snap
                driver.hold_for_frame()
                try:
                    self._apply(snap)
                finally:
                    driver.frame_done()
                self.ticks += 1
        self._update_status()

    def _on_timer_update(self) -> None:
        # Textual's per-frame screen update (layout, compositor, terminal output). This
        # overrides a private hook; test_frames_hold_training_while_they_draw fails if a
        # Textual release renames it (frames would then share the GIL step by step again).
        driver = self.driver
        if driver is None or not driver.running:
            super()._on_timer_update()
            return
        driver.hold_for_frame()
        try:
            super()._on_timer_update()
        finally:
            driver.frame_done()

    def redraw(self) -> None:
        """Force the panels to re-read the current snapshot (focus, smoothing changed)."""
        self._last_key = None
        self._tick()

    def _apply(self, snap: Snapshot) -> None:
        from nntui.tui import views

        panels = self.preset.panels
        n = max(1, len(snap.series))
        focus = self.focus_index % n
        # More series than one plot can name: the group holding the focused one (f: next).
        group = views.group_note(len(snap.series), focus)
        if "loss" in panels:
            plot = self.query_one("#panel-loss")
            weight = views.SMOOTHING[self.smoothing_index] if self.preset.smooth_loss else 0
            name = self.preset.loss_label
            plot.x_label = snap.unit
            plot.x_integer = True  # iterations, steps, checks: counts
            if self.preset.loss_on_validation:
                plot.title = f"validation {name} (dim: train){group}"
                plot.set_series(views.val_loss_series(snap, weight, focus))
            else:
                plot.title = (f"{name} (smooth {weight:g})" if weight else name) + group
                plot.set_series(views.loss_series(snap, weight, focus))
        if "accuracy" in panels:
            plot = self.query_one("#panel-accuracy")
            plot.title = views.accuracy_title(snap, group)
            plot.x_label = views.accuracy_x_label(snap)
            plot.x_integer = plot.x_label != "epoch"
            plot.set_series(views.accuracy_series(snap, focus))
        if "paths" in panels:
            paths = self.query_one("#panel-paths")
            # Six paths overlap near the minimum: the focused one bright on top (f: next).
            paths.title = "paths (f: highlight next)" if len(snap.series) > 1 else "paths"
            paths.set_paths(views.path_series(snap), highlight=focus)
        if "boundary" in panels and snap.series:
            widget = self.query_one("#panel-boundary")
            # Only 2-D inputs have a boundary to draw; on images the panel makes room.
            shown = snap.boundary_extent is not None and "boundary" not in self.hidden
            if widget.display != shown:
                widget.display = shown
            s = snap.series[focus]
            if shown:  # a hidden panel need not copy the grid every frame
                widget.set_boundary(
                    s.boundary, snap.boundary_extent, snap.points, snap.point_labels,
                    f"boundary: {views.marker_of(focus)} {views.label_of(s)}")
        if "histograms" in panels:
            self.query_one("#panel-histograms").update_from(snap, focus)
        if "trials" in panels:
            self.query_one("#panel-trials").update_from(snap)
        if "scatter" in panels and snap.trials:
            import numpy as np

            # Only evaluated trials: a NaN accuracy has no colour bin.
            trials = [t for t in snap.trials if t.val_acc == t.val_acc]
            self.query_one("#panel-scatter").set_points(
                np.array([t.lr for t in trials]), np.array([t.weight_decay for t in trials]),
                np.array([t.val_acc for t in trials]), log_x=True, log_y=True,
                x_label="lr")
        if "table" in panels:
            self.query_one("#panel-table").update_from(snap)

    def _set_contours(self) -> None:
        """Contours of the 2-D function the paths run on (the book's x²/20 + y²)."""
        import numpy as np

        from nntui.core.paths import EXTENT, objective
        from nntui.tui.plots import PathPlot

        x0, x1, y0, y1 = EXTENT
        xs, ys = np.linspace(x0, x1, 81), np.linspace(y0, y1, 41)
        z = objective(np.stack(np.meshgrid(xs, ys), axis=-1))
        levels = np.array([0.25, 1.0, 2.5, 5.0, 8.0, 12.0, 17.0])
        self.query_one("#panel-paths", PathPlot).set_contours(xs, ys, z, levels)

    def status_line(self) -> str:
        """The status text for the current state (also what tests read).

        It must fit one line: when it is too wide the bar shrinks first, then the least
        useful parts go (elapsed time, then the rate, then the ETA); the state, the count,
        the speed and the run's own message stay at the app's minimum width and up (the
        message shortened with "…"); narrower, the line is cut with "…" at its end.
        """
        from nntui.tui import views

        driver = self.driver
        snap = self.snapshot
        state = self.state
        if driver is not None and state == "running" and driver.paused:
            state = "paused"
        icon = {"running": "▶", "paused": "⏸", "done": "✔", "stopped": "⏹",
                "failed": "✖", "preparing": "…"}.get(state, "")
        width = max(20, self.size.width - 2)
        if state == "failed":
            return _clip(f"{icon} failed: {self.error}", width)
        if snap is None:
            if self._download is not None:
                name, done, total = self._download
                frac = done / total if total else 0.0
                return (f"{icon} downloading {name} {views.progress_bar(frac, 30)} "
                        f"{frac:4.0%}")
            return f"{icon} preparing data…"
        unit = "it" if snap.unit == "iteration" else snap.unit
        head = [f"{icon} {state}", f"{unit} {snap.iteration:,}/{snap.total:,}"]
        if snap.unit == "iteration":
            head.append(f"ep {snap.epoch:.1f}")
        # (text, drop order: higher goes first when the line is too wide)
        tail: list[tuple[str, int]] = []
        if not self.nn_app.frozen_clock:
            # ETA and rate only while it runs: paused or ended, they are stale numbers.
            if state in ("running", "preparing"):
                tail.append((f"ETA {views.format_duration(snap.eta_s())}", 1))
                if snap.samples_per_s > 0:  # runs without samples (2-D paths) have no rate
                    tail.append((f"{views.format_rate(snap.samples_per_s)}/s", 2))
            tail.append((views.format_duration(snap.elapsed_s), 3))
        if driver is not None and driver.speed != FULL_SPEED:
            tail.append((f"speed {driver.speed + 1}/{FULL_SPEED + 1}", 0))
        pct = f"{snap.fraction:4.0%}"
        min_bar = 6
        # The run's message (e.g. hparam-search's round) may be shortened, to no less than:
        message_room = min(len(snap.message), 24) + 2 if snap.message else 0

        def length(parts: list[tuple[str, int]], bar: int) -> int:
            texts = head + ([] if bar == 0 else ["x" * bar]) + [pct] + [t for t, _ in parts]
            return sum(len(t) for t in texts) + 2 * (len(texts) - 1) - (1 if bar else 0)

        while (tail and length(tail, min_bar) + message_room > width
               and max(p for _, p in tail) > 0):
            worst = max(range(len(tail)), key=lambda i: tail[i][1])
            tail.pop(worst)
        rest = "  ".join(t for t, _ in tail)
        bar_w = min(40, width - length(tail, 0) - message_room - 1)
        bar = f"{views.progress_bar(snap.fraction, bar_w)} " if bar_w >= min_bar else ""
        line = f"{'  '.join(head)}  {bar}{pct}  {rest}".rstrip()
        if snap.message:
            line += "  " + _clip(snap.message, max(2, width - len(line) - 2))
        return _clip(line, width)

    def _update_status(self) -> None:
        text = self.status_line()
        if text != self._status_text:
            self._status_text = text
            # Fixed one-line widget: skip the layout pass a plain update() would trigger.
            self.query_one("#dash-status", Static).update(text, layout=False)

    # -- actions ---------------------------------------------------------------------------
    def action_toggle_pause(self) -> None:
        if self.driver is None or self.state not in ("running", "preparing"):
            if self.state in ("done", "stopped", "failed"):
                self.notify("The run has ended: r restarts it with a new seed.")
            return
        paused = self.driver.toggle_pause()
        self._update_status()
        self.log(f"paused={paused}")

    def action_step(self) -> None:
        if self.driver is None or self.state != "running":
            return
        if not self.driver.paused:
            self.driver.pause()  # stepping implies paused: watch one iteration at a time
        self.driver.request_step()
        self._update_status()

    def action_stop(self) -> None:
        if self.driver is not None and self.state in ("running", "preparing"):
            self.driver.stop()
            self.state = "stopped"
            self._update_status()

    def action_restart(self) -> None:
        self.config = replace(self.config, seed=self.config.seed + 1)
        self.query_one("#dash-head", Static).update(self._head_text())
        self._clear_plots()
        self.start()
        self.notify(f"Restarted with seed {self.config.seed}")

    def _clear_plots(self) -> None:
        from nntui.tui.plots import LinePlot, PathPlot

        for plot in self.query(LinePlot):
            plot.set_series([])
        for path in self.query(PathPlot):
            path.set_paths([])

    def action_next_series(self, step: int = 1) -> None:
        n = len(self.snapshot.series) if self.snapshot else len(self.preset.series)
        self.focus_index = (self.focus_index + step) % max(1, n)
        self.redraw()

    def action_next_group(self) -> None:
        """Runs with more series than a plot names (batchnorm's 32) are drawn a group at a
        time: jump the focus to the first series of the next group."""
        from nntui.tui.views import MAX_PLOTTED, plotted_range

        n = len(self.snapshot.series) if self.snapshot else len(self.preset.series)
        if n <= MAX_PLOTTED:
            self.notify("All series are drawn already: f focuses the next one.", timeout=3)
            return
        self.focus_index = plotted_range(n, self.focus_index).stop % n
        self.redraw()

    def action_prev_series(self) -> None:
        self.action_next_series(-1)

    def action_toggle_log(self) -> None:
        from nntui.tui.plots import LinePlot

        if "loss" in self.preset.panels:
            plot = self.query_one("#panel-loss", LinePlot)
            plot.log_y = not plot.log_y
            self.notify(f"loss axis: {'log' if plot.log_y else 'linear'}", timeout=2)

    def action_smoothing(self, delta: int) -> None:
        from nntui.tui import views

        self.smoothing_index = max(0, min(len(views.SMOOTHING) - 1,
                                          self.smoothing_index + delta))
        self.redraw()

    def action_speed(self, delta: int) -> None:
        driver = self.driver
        if driver is None:
            return
        self.speed = driver.faster() if delta > 0 else driver.slower()
        self._update_status()

    def action_toggle_panel(self, number: int) -> None:
        panels = self.preset.panels
        if not 1 <= number <= len(panels):
            return
        name = panels[number - 1]
        self.hidden ^= {name}
        widget = self.query_one(f"#panel-{name}")
        widget.display = name not in self.hidden
        shown = False
        for row_id in ("#dash-top", "#dash-bottom"):
            for row in self.query(row_id):
                row.display = any(child.display for child in row.children)
                shown = shown or bool(row.display)
        self.query_one("#dash-none").display = not shown
        self.redraw()  # a panel hidden while data arrived catches up now

    def action_sort_trials(self) -> None:
        """Sort the trial table by its next column (a header click sorts by that one)."""
        from nntui.tui.panels import TrialsTable

        for table in self.query(TrialsTable):
            table.sort_by(table.sort_column + 1)
            self.notify(f"trials sorted by {TrialsTable.COLUMNS[table.sort_column]}",
                        timeout=2)

    def action_report(self) -> None:
        from nntui.tui.screens.report import ReportScreen

        if self.report is None:
            if self.state == "stopped" and self.driver is not None and self.driver.run \
                    and not self.driver.running:
                self.report = self.driver.run.report()
            if self.report is None:
                self.notify("The report is ready when the run has finished.")
                return
        self.app.push_screen(ReportScreen(self.report, self.preset.title.get(
            self.nn_app.lang), focus=self.focus_index))

    def action_export(self) -> None:
        """Write the run directory: to --out when given, else ./runs/<preset>-<time>."""
        from nntui.tui.export import default_run_dir, export_run

        driver = self.driver
        if driver is None or driver.run is None:
            self.notify("Nothing to export yet.")
            return
        out = self.nn_app.out or default_run_dir(self.preset.name)
        try:
            written = export_run(out, self.config, driver.run.snapshot(), self.report)
        except OSError as exc:  # a full disk or a bad --out must not end the session
            self.notify(_one_line(exc), title="Export failed", severity="error")
            return
        self.notify(f"Results written to {written}", title="Exported")

    def action_back(self) -> None:
        self.shutdown()
        self.app.pop_screen()


def _safe_report(run: Run) -> FinalReport | None:
    """The run's final report; a failure there must not hide the finished curves."""
    try:
        return run.report()
    except Exception:  # reported as "no report"; the curves and export still work
        return None


def _smoothing_index(weight: object) -> int:
    """The `[`/`]` step nearest a preset's `smoothing` setting (default 0.9)."""
    from nntui.tui.views import DEFAULT_SMOOTHING, SMOOTHING

    if not isinstance(weight, (int, float)) or isinstance(weight, bool):
        return DEFAULT_SMOOTHING
    return min(range(len(SMOOTHING)), key=lambda i: abs(SMOOTHING[i] - float(weight)))


def _change_key(snap: Snapshot) -> tuple[object, ...]:
    from nntui.tui.views import change_key

    return change_key(snap)


def _clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in "…" when something was cut."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
