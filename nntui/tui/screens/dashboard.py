"""The live dashboard of one run: the preset's panels, look-for line, status bar, controls.

The screen lays the panels out from the registry (`nntui.tui.panels`), starts the run's
worker (`nntui.tui.training`), and on a 10 Hz timer reads `run.snapshot()` and hands it to
every panel in one loop, only when it changed, so training keeps the CPU and keys stay
responsive. It talks to the App by messages (`messages.BackRequested`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from nntui.pipeline.drive import FULL_SPEED, SPEEDS, TrainingDriver
from nntui.pipeline.request import smoothing_of
from nntui.tui import views
from nntui.tui.messages import BackRequested
from nntui.tui.panels import Panel, PanelView, layout_panels
from nntui.tui.resource_tracker import start_resource_tracker
from nntui.tui.training import Download, ReportReady, RunEnded, compute_report, one_line, train
from nntui.tui.widgets.line_plot import LinePlot
from nntui.tui.widgets.look_for import LookFor
from nntui.tui.widgets.status_bar import StatusBar
from nntui.tui.widgets.trials_table import TrialsTable

if TYPE_CHECKING:
    from nntui.core.run import FinalReport, Run
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig
    from nntui.tui.session import Session

#: UI refresh period: ~10 Hz is smooth to watch and costs training little.
TICK_S = 0.1
_FOCUS = "focus the next series (its histograms, boundary)"


class DashboardScreen(Screen[None]):
    """One preset's run. Training starts as soon as the screen is mounted."""

    #: The keys; their tooltips are the help screen's text (`help.key_rows`).
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause/Run", tooltip="pause / resume training"),
        Binding("n,full_stop", "step", "Step", tooltip="one iteration (pauses first)"),
        Binding("s", "stop", "Stop", tooltip="stop the run"),
        Binding("r", "restart", "Restart", tooltip="restart with the next seed"),
        Binding("f", "next_series", "Series", tooltip=_FOCUS),
        Binding("g", "next_group", "Next group", show=False,
                tooltip="next group of series (runs with more than 8, e.g. batchnorm)"),
        Binding("tab", "next_series", "Series", show=False, priority=True, tooltip=_FOCUS),
        Binding("shift+tab", "prev_series", "Prev series", show=False, priority=True,
                tooltip="focus the previous series"),
        Binding("l", "toggle_log", "Log-y", show=False, tooltip="loss axis: log / linear"),
        Binding("left_square_bracket", "smoothing(-1)", "Less smoothing", show=False),
        Binding("right_square_bracket", "smoothing(1)", "More smoothing", show=False),
        Binding("plus,equals_sign", "speed(1)", "Faster", show=False),
        Binding("minus,underscore", "speed(-1)", "Slower", show=False),
        Binding("v", "report", "Report", show=False,
                tooltip="final report (test metrics, confusion matrix)"),
        Binding("o", "sort_trials", "Sort trials", show=False,
                tooltip="sort the trial table by the next column (or click a header)"),
        Binding("e", "export", "Export", show=False,
                tooltip="export config/metrics/summary (--out or ./runs/…)"),
        Binding("escape,b", "back", "Back", tooltip="back to the picker"),
        *[Binding(str(i), f"toggle_panel({i})", f"Panel {i}", show=False,
                  tooltip="show / hide a panel (in the order listed below)")
          for i in range(1, 9)],
    ]

    DEFAULT_CSS = """
    DashboardScreen { layout: vertical; }
    #dash-head { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    #dash-top { height: 3fr; }
    #dash-bottom { height: 2fr; }
    #dash-top > * { width: 1fr; height: 1fr; margin: 0 1 0 0; }
    #dash-bottom > * { width: 1fr; height: 1fr; }
    #dash-none { height: 1fr; content-align: center middle; color: $text-muted; }
    """

    def __init__(self, preset: Preset, config: RunConfig, session: Session, *,
                 run: Run | None = None) -> None:
        super().__init__()
        self.preset = preset
        self.config = config
        self.session = session
        self._prebuilt = run
        self.driver: TrainingDriver | None = None
        self.focus_index = 0
        self.smoothing_index = views.smoothing_step(smoothing_of(config))
        # A budget counted in single optimizer steps (30 for the paths) would finish in a
        # blink at full speed: start it throttled so the walk is visible.
        self.speed = 1 if preset.budget_key == "steps" else FULL_SPEED
        if session.speed is not None:
            self.speed = session.speed
        self.report: FinalReport | None = None
        self.state = "preparing"  # preparing | running | paused | done | stopped | failed
        self.error: str | None = None
        self.snapshot: Snapshot | None = None
        self._last_key: tuple[object, ...] | None = None
        self._download = Download()
        self.ticks = 0  # timer ticks that redrew (tests, bench)
        self.hidden: set[str] = set()  # panels the user hid with 1…8
        self.panels: dict[str, Panel] = {}

    def help_topic(self) -> Preset:  # what `?` explains besides the keys
        return self.preset

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        lang = self.session.lang
        yield Static(self._head_text(), id="dash-head")
        look_for = self.preset.look_for_text(self.config.book).get(lang)
        yield LookFor(views.look_for_label(lang), look_for, id="dash-look")
        top, bottom = layout_panels(self.preset)
        self.panels = {name: w for name, w in (*top, *bottom)}
        # The rows sit directly on the screen (no wrapping container): each widget layer
        # under a plot costs the compositor work on every frame.
        for row_id, row in (("dash-top", top), ("dash-bottom", bottom)):
            if row:
                yield Horizontal(*(w for _, w in row), id=row_id)
        n = len(self.preset.panels)
        hidden_note = Static(f"All panels are hidden: 1…{n} shows one again.", id="dash-none")
        hidden_note.display = False
        yield hidden_note
        yield StatusBar(id="dash-status")
        yield Footer()

    def _head_text(self) -> str:
        ds = f" · {self.config.dataset}" if self.preset.datasets else ""
        return f"{self.preset.title.get(self.session.lang)}{ds} · seed {self.config.seed}"

    def on_resize(self) -> None:
        self.query_one(LookFor).fit(*self.size)

    def on_mount(self) -> None:
        self.on_resize()
        self.start()
        self.set_interval(TICK_S, self._tick)
        self._tick()

    def on_unmount(self) -> None:
        self.shutdown()

    # -- run lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """(Re)start the run of `self.config` in a fresh worker."""
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
        self._download = Download()
        run, self._prebuilt = self._prebuilt, None
        self.run_worker(
            partial(train, self.driver, self.preset, self.config, self.session.data_dir, run,
                    self._download, self.post_message),
            thread=True, exclusive=True, group="train", exit_on_error=False)

    def shutdown(self) -> None:
        """Stop the current worker (it ends within one step) and release its run now: a
        search's workers are terminated, not waited for (its step may wait on them)."""
        driver = self.driver
        if driver is not None:
            driver.close()

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
        if (message.finished and message.report is not None and self.session.auto_report
                and self.app.screen is self):
            self.action_report()

    # -- drawing -----------------------------------------------------------------------------
    def _tick(self, force: bool = False) -> None:
        """Timer: read a snapshot; update the panels only if it changed."""
        driver = self.driver
        run = driver.run if driver is not None else None
        if run is not None:
            snap = run.snapshot()
            if self.state == "preparing":
                self.state = "running"
            key = (*views.change_key(snap), self.focus_index, self.smoothing_index)
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
        view = PanelView(self.focus_index, views.SMOOTHING[self.smoothing_index],
                         frozenset(self.hidden))
        for panel in self.panels.values():  # one loop over typed panels
            panel.update(snap, view)

    def status_info(self) -> views.StatusInfo:
        driver = self.driver
        state = self.state
        if driver is not None and state == "running" and driver.paused:
            state = "paused"
        speed = None
        if driver is not None and driver.speed != FULL_SPEED:
            speed = (driver.speed, len(SPEEDS))
        return views.StatusInfo(state, self.snapshot, self.error, self._download.progress,
                                speed, self.session.frozen_clock)

    def status_line(self) -> str:
        """The status text for the current state (also what tests read)."""
        return views.status_line(self.status_info(), max(20, self.size.width - 2))

    def _update_status(self) -> None:
        self.query_one(StatusBar).show(self.status_info())

    # -- actions ---------------------------------------------------------------------------
    def action_toggle_pause(self) -> None:
        if self.driver is None or self.state not in ("running", "preparing"):
            if self.state in ("done", "stopped", "failed"):
                self.notify("The run has ended: r restarts it with a new seed.")
            return
        self.driver.toggle_pause()
        self._update_status()

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
        for panel in self.panels.values():  # every panel: none keeps the old seed's data
            panel.reset()
        self.start()
        self.notify(f"Restarted with seed {self.config.seed}")

    def action_next_series(self, step: int = 1) -> None:
        n = len(self.snapshot.series) if self.snapshot else len(self.preset.series)
        self.focus_index = (self.focus_index + step) % max(1, n)
        self.redraw()

    def action_next_group(self) -> None:
        """Runs with more series than a plot names (batchnorm's 32) are drawn a group at a
        time: jump the focus to the first series of the next group."""
        n = len(self.snapshot.series) if self.snapshot else len(self.preset.series)
        if n <= views.MAX_PLOTTED:
            self.notify("All series are drawn already: f focuses the next one.", timeout=3)
            return
        self.focus_index = views.plotted_range(n, self.focus_index).stop % n
        self.redraw()

    def action_prev_series(self) -> None:
        self.action_next_series(-1)

    def action_toggle_log(self) -> None:
        plot = self.panels.get("loss")
        if isinstance(plot, LinePlot):
            plot.log_y = not plot.log_y
            self.notify(f"loss axis: {'log' if plot.log_y else 'linear'}", timeout=2)

    def action_smoothing(self, delta: int) -> None:
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
        names = self.preset.panels
        if not 1 <= number <= len(names):
            return
        name = names[number - 1]
        self.hidden ^= {name}
        widget = self.query_one(f"#panel-{name}", Widget)
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
        for table in self.query(TrialsTable):
            table.sort_by(table.sort_column + 1)
            self.notify(f"trials sorted by {TrialsTable.COLUMNS[table.sort_column]}",
                        timeout=2)

    def action_report(self) -> None:
        driver = self.driver
        if self.report is not None:
            self._show_report(self.report)
        elif (self.state == "stopped" and driver is not None and driver.run is not None
              and not driver.running):
            # Evaluating every series on the test split takes a while on MNIST: on a
            # worker, so the keys stay live; ReportReady opens it.
            self.notify("Computing the report…", timeout=2)
            self.run_worker(partial(compute_report, driver, self.post_message), thread=True,
                            exclusive=True, group="report", exit_on_error=False)
        else:
            self.notify("The report is ready when the run has finished.")

    def on_report_ready(self, message: ReportReady) -> None:
        if message.driver is not self.driver:
            return
        self.report = message.report
        if message.report is None:
            self.notify("This run has no report.")
        elif self.app.screen is self:
            self._show_report(message.report)

    def _show_report(self, report: FinalReport) -> None:
        from nntui.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(report, self.preset.title.get(self.session.lang),
                                          focus=self.focus_index, export=self.action_export))

    def action_export(self) -> None:
        """Write the run directory: to --out when given, else ./runs/<preset>-<time>."""
        from nntui.tui.export import export_once

        driver = self.driver
        if driver is None or driver.run is None:
            self.notify("Nothing to export yet.")
            return
        try:
            written = export_once(driver, self.session.out, self.config,
                                  driver.run.snapshot(), self.report)
        except OSError as exc:  # a full disk or a bad --out must not end the session
            self.notify(one_line(exc), title="Export failed", severity="error")
            return
        self.notify(f"Results written to {written}", title="Exported")

    def action_back(self) -> None:
        self.shutdown()
        self.post_message(BackRequested())
