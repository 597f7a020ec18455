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
from textual.widgets import Footer, Static

from nntui.i18n import N_, _
from nntui.pipeline.drive import FULL_SPEED, SPEEDS, TrainingDriver
from nntui.pipeline.request import smoothing_of
from nntui.tui import views
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.messages import BackRequested
from nntui.tui.panels import Panel, PanelView, layout_panels
from nntui.tui.resource_tracker import start_resource_tracker
from nntui.tui.screens.dashboard_view import ViewKeys
from nntui.tui.training import Download, ReportReady, RunEnded, compute_report, one_line, train
from nntui.tui.widgets.look_for import LookFor
from nntui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from nntui.core.run import FinalReport, Run
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig
    from nntui.tui.session import Session

#: UI refresh period: ~10 Hz is smooth to watch and costs training little.
TICK_S = 0.1
_FOCUS = N_("focus the next series (its histograms, boundary)")


class DashboardScreen(TranslatedBindings, ViewKeys, Screen[None]):
    """One preset's run. Training starts as soon as the screen is mounted."""

    #: The keys; their tooltips are the help screen's text (`help.key_rows`).
    BINDINGS = [
        Binding("space", "toggle_pause", N_("Pause"), tooltip=N_("pause / resume training")),
        Binding("n,full_stop", "step", N_("Step"), show=False,
                tooltip=N_("one iteration (pauses first)")),
        # Not `s`: the picker's `s` opens the settings; one key, one meaning.
        Binding("x", "stop", N_("Stop"), tooltip=N_("stop the run (keep what it drew)")),
        Binding("r", "restart", N_("Restart"), show=False,
                tooltip=N_("restart with the next seed")),
        Binding("f", "next_series", N_("Series"), tooltip=_FOCUS),
        Binding("g", "next_group", N_("Group"),
                tooltip=N_("next group of series (runs with more than 8, e.g. batchnorm)")),
        Binding("tab", "next_series", N_("Series"), show=False, priority=True, tooltip=_FOCUS),
        Binding("shift+tab", "prev_series", N_("Prev series"), show=False, priority=True,
                tooltip=N_("focus the previous series")),
        Binding("l", "toggle_log", N_("Log-y"), show=False,
                tooltip=N_("loss axis: log / linear")),
        Binding("h", "toggle_hist_range", N_("Hist x"), show=False,
                tooltip=N_("histograms: one x range for all layers / each its own")),
        Binding("left_square_bracket", "smoothing(-1)", N_("Less smoothing"), show=False),
        Binding("right_square_bracket", "smoothing(1)", N_("More smoothing"), show=False),
        Binding("plus,equals_sign", "speed(1)", N_("Faster"), show=False),
        Binding("minus,underscore", "speed(-1)", N_("Slower"), show=False),
        Binding("v", "report", N_("Report"),
                tooltip=N_("final report (test metrics, train–test gap, confusion matrix)")),
        Binding("o", "sort_trials", N_("Sort trials"), show=False,
                tooltip=N_("sort the trial table by the next column (or click a header)")),
        Binding("e", "export", N_("Export"), show=False,
                tooltip=N_("export config/metrics/summary (--out or ./runs/…)")),
        Binding("escape,b", "back", N_("Back"),
                tooltip=N_("back to the picker (asks first when a run would be lost)")),
        *[Binding(str(i), f"toggle_panel({i})", f"Panel {i}", show=False,
                  tooltip=N_("show / hide a panel (in the order listed below)"))
          for i in range(1, 9)],
    ]

    DEFAULT_CSS = """
    DashboardScreen { layout: vertical; }
    /* One line: a long (Japanese) title ends in "…" rather than wrapping out of sight. */
    #dash-head { height: 1; background: $panel; text-style: bold; padding: 0 1;
                 text-wrap: nowrap; text-overflow: ellipsis; }
    #dash-top { height: 3fr; }
    #dash-bottom { height: 2fr; }
    #dash-top > * { width: 1fr; height: 1fr; margin: 0 1 0 0; }
    #dash-bottom > * { width: 1fr; height: 1fr; }
    #dash-none { height: 1fr; content-align: center middle; color: $text-muted; }
    /* A table alone under the plots (a few series' numbers) takes only its rows. */
    #dash-bottom.table-only { height: auto; max-height: 40%; }
    #dash-bottom.table-only > * { height: auto; max-height: 100%; }
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
        self.panels: dict[str, Panel] = {}  # type: ignore[assignment]
        self.shared_range: bool | None = None  # `h`; None: the preset's histogram range

    def help_topic(self) -> Preset:  # what `?` explains besides the keys
        return self.preset

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(self._head_text(), id="dash-head")
        look_for = _(self.preset.look_for_text(self.config.book, self.config.dataset))
        yield LookFor(views.look_for_label(), look_for, id="dash-look")
        top, bottom = layout_panels(self.preset)
        self.panels = {name: w for name, w in (*top, *bottom)}
        # The rows sit directly on the screen (no wrapping container): each widget layer
        # under a plot costs the compositor work on every frame.
        for row_id, row in (("dash-top", top), ("dash-bottom", bottom)):
            if row:
                only = row_id == "dash-bottom" and [n for n, _w in row] == ["table"]
                yield Horizontal(*(w for _n, w in row), id=row_id,
                                 classes="table-only" if only else None)
        n = len(self.preset.panels)
        hidden_note = Static(_("All panels are hidden: 1…{n} shows one again.").format(n=n),
                             id="dash-none")
        hidden_note.display = False
        yield hidden_note
        yield StatusBar(id="dash-status")
        yield Footer()

    def _head_text(self) -> str:
        ds = f" · {self.config.dataset}" if self.preset.datasets else ""
        return f"{_(self.preset.title)}{ds} · " + _("seed {seed}").format(seed=self.config.seed)

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
        self.refresh_bindings()  # the footer: x Stop while it runs, v Report once it ended
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
            self.notify(message.error, title=_("Could not run"), severity="error", timeout=10)
        elif message.finished:
            self.state = "done"
            self.report = message.report
        else:
            self.state = "stopped"
        self.refresh_bindings()
        self._tick(force=True)
        # The report waits for `v` (the status line says so): opened by itself it covered
        # the charts the learner was watching. Only over the dashboard itself.
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
                         frozenset(self.hidden), self.shared_range)
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
        hint = _("v: final report") if self.has_report() else ""
        return views.StatusInfo(state, self.snapshot, self.error, self._download.progress,
                                speed, self.session.frozen_clock, hint)

    def has_report(self) -> bool:
        """A final report exists (a finished run) or can be computed (a stopped run that
        trained on data); forward-only probes and 2-D paths have none."""
        if self.state == "done":
            return self.report is not None
        return self.state == "stopped" and bool(self.preset.datasets)

    def status_line(self) -> str:
        """The status text for the current state (also what tests read)."""
        return views.status_line(self.status_info(), max(20, self.size.width - 2))

    def _update_status(self) -> None:
        self.query_one(StatusBar).show(self.status_info())

    # -- actions ---------------------------------------------------------------------------
    def action_toggle_pause(self) -> None:
        if self.driver is None or self.state not in ("running", "preparing"):
            if self.state in ("done", "stopped", "failed"):
                self.notify(_("The run has ended: r restarts it with a new seed."))
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
            self.refresh_bindings()
            self._update_status()

    def action_restart(self) -> None:
        self.config = replace(self.config, seed=self.config.seed + 1)
        self.query_one("#dash-head", Static).update(self._head_text())
        for panel in self.panels.values():  # every panel: none keeps the old seed's data
            panel.reset()
        self.start()
        self.notify(_("Restarted with seed {seed}").format(seed=self.config.seed))

    def action_report(self) -> None:
        driver = self.driver
        if self.report is not None:
            self._show_report(self.report)
        elif (self.state == "stopped" and driver is not None and driver.run is not None
              and not driver.running):
            # Evaluating every series on the test split takes a while on MNIST: on a
            # worker, so the keys stay live; ReportReady opens it.
            self.notify(_("Computing the report…"), timeout=2)
            self.run_worker(partial(compute_report, driver, self.post_message), thread=True,
                            exclusive=True, group="report", exit_on_error=False)
        else:
            self.notify(_("The report is ready when the run has finished."))

    def on_report_ready(self, message: ReportReady) -> None:
        if message.driver is not self.driver:
            return
        self.report = message.report
        if message.report is None:
            self.notify(_("This run has no report."))
        elif self.app.screen is self:
            self._show_report(message.report)

    def _show_report(self, report: FinalReport) -> None:
        from nntui.tui.screens.report import ReportScreen

        train = None
        if self.preset.show_gap and self.snapshot is not None:
            train = {s.name: s.last_train_acc for s in self.snapshot.series}
        self.app.push_screen(ReportScreen(report, _(self.preset.title),
                                          focus=self.focus_index, train=train,
                                          export=self.action_export))

    def action_export(self) -> None:
        """Write the run directory: to --out when given, else ./runs/<preset>-<time>."""
        from nntui.tui.export import export_once

        driver = self.driver
        if driver is None or driver.run is None:
            self.notify(_("Nothing to export yet."))
            return
        try:
            written = export_once(driver, self.session.out, self.config,
                                  driver.run.snapshot(), self.report)
        except OSError as exc:  # a full disk or a bad --out must not end the session
            self.notify(one_line(exc), title=_("Export failed"), severity="error")
            return
        self.notify(_("Results written to {path}").format(path=written), title=_("Exported"))

    def action_back(self) -> None:
        """Back to the picker; a run that trained (running, paused or ended) is asked
        about first, so one stray Esc does not throw it away."""
        driver = self.driver
        if driver is None or driver.run is None or self.state in ("preparing", "failed"):
            self._leave()
            return
        from nntui.tui.screens.confirm import ConfirmLeave

        question = (_("This run is still training. Leave it and go back to the picker?")
                    if self.state == "running" else
                    _("This run has results on screen. Leave it and go back to the picker?"))
        question += "\n" + _("(e exports it first; v shows its report.)")
        self.app.push_screen(ConfirmLeave(question), self._answered)

    def _answered(self, leave: bool | None) -> None:
        if leave:
            self._leave()

    def _leave(self) -> None:
        self.shutdown()
        self.post_message(BackRequested())
