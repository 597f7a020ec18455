"""The dashboard: one run's panels, look-for line, status bar and controls.

One screen for every kind of run: what it shows comes from its `RunSource`
(`nntui.tui.sources`: a live run, the demo clock's, a replay). The screen lays the panels
out from the registry (`nntui.tui.panels`), starts the source, and on a 10 Hz timer reads
a snapshot and hands it to every panel in one loop, only when it changed, so training keeps
the CPU and keys stay responsive. Frames fit the link (`nntui.tui.link`) and hold training
while they draw; a demo-clock frame goes out whole, one by one (`dashboard_frames`). It
talks to the App by messages (`messages.BackRequested`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from nntui.core.errors import UserError
from nntui.i18n import _
from nntui.pipeline.request import smoothing_of
from nntui.presets.look_for import look_for_line
from nntui.tui import views
from nntui.tui.bindings import TranslatedBindings
from nntui.tui.frame_gate import FramePacer, key_pressed, plots_on_hold
from nntui.tui.messages import BackRequested
from nntui.tui.panel_rows import PanelRows
from nntui.tui.screens.dashboard_cursor import CURSOR_ACTIONS, CursorKeys
from nntui.tui.screens.dashboard_frames import FrameGates
from nntui.tui.screens.dashboard_ghost import GhostKey
from nntui.tui.screens.dashboard_keys import DASHBOARD_BINDINGS, key_state, offered_bindings
from nntui.tui.screens.dashboard_views import ViewKeys
from nntui.tui.textual_seam import GatedUpdates
from nntui.tui.training import ReportReady, RunEnded, one_line
from nntui.tui.view_state import ViewState
from nntui.tui.widgets.fitting_footer import FittingFooter
from nntui.tui.widgets.look_for import LookFor
from nntui.tui.widgets.status_bar import StatusBar
from nntui.tui.widgets.trials_table import TrialsTable

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig
    from nntui.tui.session import Session
    from nntui.tui.sources import RunSource

#: UI refresh period: ~10 Hz is smooth to watch and costs training little.
TICK_S = 0.1


class DashboardScreen(GhostKey, CursorKeys, ViewKeys, FrameGates, TranslatedBindings,
                      GatedUpdates, Screen[None]):
    """One run, from its source. The source starts as soon as the screen is mounted."""

    BINDINGS = DASHBOARD_BINDINGS
    AUTO_FOCUS = "DataTable"  # a table as before; a line panel only when asked (`i`, click)

    DEFAULT_CSS = """
    DashboardScreen { layout: vertical; }
    /* One line: a long (Japanese) title ends in "…" rather than wrapping out of sight. */
    #dash-head { height: 1; background: $panel; text-style: bold; padding: 0 1;
                 text-wrap: nowrap; text-overflow: ellipsis; }
    #dash-caption { height: auto; max-height: 2; background: $accent 30%; padding: 0 1;
                    text-style: bold; }
    #dash-top { height: 3fr; }
    #dash-bottom { height: 2fr; }
    #dash-top > * { width: 1fr; height: 1fr; margin: 0 1 0 0; }
    #dash-bottom > * { width: 1fr; height: 1fr; }
    #dash-none { height: 1fr; content-align: center middle; color: $text-muted; }
    /* A table alone under the plots (a few series' numbers) takes only its rows. */
    #dash-bottom.table-only { height: auto; max-height: 40%; }
    #dash-bottom.table-only > * { height: auto; max-height: 100%; }
    """

    def __init__(self, source: RunSource, session: Session, *,
                 caption: Widget | None = None) -> None:
        super().__init__()
        self.source = source
        self.session = session
        self.caption = caption  # the tour's "what to watch" line, above everything
        self.view = ViewState(self.preset.view, focus=self.preset.view.start_focus,
                              smoothing_index=views.smoothing_step(smoothing_of(self.config)))
        self.snapshot: Snapshot | None = None
        self._last_key: tuple[object, ...] | None = None
        self.ticks = 0  # timer ticks that redrew (tests, bench)
        self.rows = PanelRows(self.preset)
        self.pacer = FramePacer()  # a paced source's frames go out whole, one by one
        self.rows.set_run(self.config)

    @property
    def preset(self) -> Preset:
        return self.source.request.preset

    @property
    def config(self) -> RunConfig:
        return self.source.request.config

    @property
    def state(self) -> str:
        """preparing | running | done | stopped | failed (the source's run)."""
        return self.source.state

    @property
    def report(self) -> FinalReport | None:
        return self.source.report

    def help_topic(self) -> Preset:  # what `?` explains besides the keys
        return self.preset

    def help_bindings(self) -> list[Binding]:
        """The keys `?` lists: this source's, not every source's."""
        return offered_bindings(self.source)

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        if self.caption is not None:
            self.caption.id = "dash-caption"
            yield self.caption
        yield Static(self._head_text(), id="dash-head")
        look_for = look_for_line(self.preset, book=self.config.book,
                                 dataset=self.config.dataset, seeds=self.config.get("seeds"))
        short = _(self.preset.look_for_text(self.config.book, self.config.dataset))
        yield LookFor(views.look_for_label(), look_for, short=short, id="dash-look")
        yield from self.rows.widgets()
        yield StatusBar(id="dash-status")
        yield FittingFooter()

    def _head_text(self) -> str:
        return self.source.head(views.head_text(self.preset, self.config))

    def on_resize(self) -> None:
        self.query_one(LookFor).fit(*self.size)

    def on_mount(self) -> None:
        self.on_resize()
        self.start()
        self.set_interval(TICK_S, self._tick)
        self._tick()

    def on_unmount(self) -> None:
        self.shutdown()

    # -- the run ----------------------------------------------------------------------------
    def start(self) -> None:
        """(Re)start the source's run."""
        self.snapshot = None
        self._last_key = None
        self.pacer.reset()
        self.source.start(self)
        self.refresh_bindings()  # the footer: x Stop while it runs, v Report once it ended

    def shutdown(self) -> None:
        """Stop the run now (leaving, quitting): it ends within one step."""
        self.source.shutdown()

    def on_run_ended(self, message: RunEnded) -> None:
        if not self.source.ended(message):
            return  # a previous run (restart) ending late
        if self.source.state == "failed" and self.source.error:
            self.notify(self.source.error, title=_("Could not run"), severity="error",
                        timeout=10)
        self.refresh_bindings()
        self._tick(force=True)
        # The report waits for `v` (the status line says so): opened by itself it covered
        # the charts the learner was watching. Only over the dashboard itself.
        if (self.state == "done" and self.report is not None and self.session.auto_report
                and self.app.screen is self):
            self.action_report()

    # -- drawing -----------------------------------------------------------------------------
    def _tick(self, force: bool = False) -> None:
        """Timer: read a snapshot; update the panels only if it changed. A paced source's
        frame must be wholly on the terminal before the next is read (`FrameGates.pace`)."""
        source = self.source
        timer_call = not force and self._last_key is not None
        if source.paced and self.pacer.waiting:
            if self.pace(tick=not force) == "release":
                timer_call = False  # the next frame was released just now
            elif not force:
                self._update_status()
                return
        if source.draw_now():
            snap = source.snapshot()
            if snap is not None:
                key = (*views.change_key(snap), *self.view.key())
                if force or key != self._last_key:
                    self._last_key = key
                    self.snapshot = snap
                    held = source.hold()
                    try:
                        with self.app.batch_update():  # one frame: every widget together
                            self._apply(snap)
                            self._update_status()
                    finally:
                        if held:
                            source.release()
                    self.ticks += 1
                    if source.paced:
                        self.pacer.applied()
                        timer_call = False  # released once this frame is on the terminal
            if timer_call:
                source.drawn()
        self._update_status()

    def on_key(self, event: events.Key) -> None:
        key_pressed(self.app)  # the next frame goes out at once

    def redraw(self) -> None:
        """Force the panels to re-read the current snapshot (focus, smoothing changed)."""
        self._last_key = None
        self._tick()

    def _apply(self, snap: Snapshot) -> None:
        if plots_on_hold(self.app) and not self.source.paced:  # a paced frame is never cut
            self._last_key = None  # the link is backed up: redraw once it recovers
            return
        self.rows.update(snap, self.view.panel_view())

    def status_info(self) -> views.StatusInfo:
        hint = _("v: final report") if self.source.has_report() else ""
        return self.source.status_info(self.snapshot, self.session.frozen_clock, hint)

    def status_line(self) -> str:
        """The status text for the current state (also what tests read)."""
        return views.status_line(self.status_info(), max(20, self.size.width - 2))

    def _update_status(self) -> None:
        self.query_one(StatusBar).show(self.status_info())

    # -- keys ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that do nothing now from the footer (`dashboard_keys.key_state`)."""
        if action in CURSOR_ACTIONS:
            return self.cursor_key_state(action)
        return key_state(action, self.source)

    def _run_changed(self, notice: str | None = None) -> None:
        if notice:
            self.notify(notice)
        self.refresh_bindings()  # the footer follows the run's state
        self._update_status()

    def action_toggle_pause(self) -> None:
        self._run_changed(self.source.toggle_pause(self))

    def action_step(self) -> None:
        self.source.step()
        self._update_status()

    def action_frame(self) -> None:
        self.source.next_frame()  # type: ignore[attr-defined]
        self._update_status()

    def action_stop(self) -> None:
        self.source.stop()
        self._run_changed()

    def action_speed(self, delta: int) -> None:
        self.source.change_speed(delta)
        self._update_status()

    def action_restart(self) -> None:
        self.rows.reset()
        self.pacer.reset()
        notice = self.source.restart(self)
        self.query_one("#dash-head", Static).update(self._head_text())
        self.snapshot, self._last_key = None, None
        self._run_changed(notice)

    def action_rewind(self) -> None:
        self.action_scrub_to(0)  # r on a replay: nothing to retrain

    def action_scrub(self, direction: int) -> None:
        self.source.scrub(direction)  # type: ignore[attr-defined]
        self.redraw()

    def action_scrub_to(self, end: int) -> None:
        self.source.scrub_to(end)  # type: ignore[attr-defined]
        self.redraw()

    def action_next_series(self, step: int = 1) -> None:
        self.view.next_series(self._series_count(), step)
        self.redraw()

    def action_prev_series(self) -> None:
        self.action_next_series(-1)

    def action_next_group(self) -> None:
        if not self.view.next_group(self._series_count()):
            self.notify(_("All series are drawn already: f focuses the next one."), timeout=3)
            return
        self.redraw()

    def _series_count(self) -> int:
        return len(self.snapshot.series) if self.snapshot else len(self.preset.series)

    def action_smoothing(self, delta: int) -> None:
        self.view.smoothing(delta)
        self.redraw()

    def action_toggle_panel(self, number: int) -> None:
        name = self.view.toggle_panel(number)
        if name is None:
            return
        self.rows.show(name, name not in self.view.hidden)
        self.redraw()  # a panel hidden while data arrived catches up now

    def action_sort_trials(self) -> None:
        """Sort the trial table by its next column (a header click sorts by that one)."""
        for table in self.query(TrialsTable):
            table.sort_by(table.sort_column + 1)
            self.notify(_("trials sorted by {column}").format(
                column=_(TrialsTable.COLUMNS[table.sort_column])), timeout=2)

    # -- report, export, back ---------------------------------------------------------------
    def action_report(self) -> None:
        if self.report is not None:
            self._show_report(self.report)
        elif self.source.compute_report(self):
            self.notify(_("Computing the report…"), timeout=2)  # ReportReady opens it
        else:
            self.notify(_("The report is ready when the run has finished."))

    def on_report_ready(self, message: ReportReady) -> None:
        if not self.source.report_ready(message):
            return
        if message.report is None:
            self.notify(_("This run has no report."))
        elif self.app.screen is self:
            self._show_report(message.report)

    def _show_report(self, report: FinalReport) -> None:
        from nntui.tui.screens.report import ReportScreen, report_notes  # on `v` only

        train = None
        if self.preset.view.show_gap and self.snapshot is not None:
            train = {s.name: s.last_train_acc for s in self.snapshot.series}
        verdicts = report_notes(self.preset, self.config, self.snapshot, report, train)
        self.app.push_screen(ReportScreen(report, _(self.preset.title),
                                          focus=self.view.focus, train=train,
                                          export=self.action_export, verdicts=verdicts))

    def action_export(self) -> None:
        """Write the run directory: to --out when given, else ./runs/<preset>-<time>."""
        if self.source.run is None:
            self.notify(_("Nothing to export yet."))
            return
        try:
            written = self.source.export(self.session.out)
        except (UserError, OSError) as exc:  # a full disk or a bad --out: a notice
            self.notify(one_line(exc), title=_("Export failed"), severity="error")
            return
        self.notify(_("Results written to {path}").format(path=written), title=_("Exported"))

    def save_on_exit(self, wait_s: float) -> Path | None:
        """Any way out (`tui.quitting.Departure`, any thread): the run so far to --out."""
        return self.source.save_on_exit(self.session.out, wait_s)

    def action_back(self) -> None:
        """Back to the picker; a run that trained (running, paused or ended) is asked
        about first, so one stray Esc does not throw it away."""
        # Imported here as the other sources are (source_for): a live dashboard does not
        # load the replay's modules (NumPy archives, the run folder's readers) to start.
        from nntui.tui.sources.replay import ReplaySource

        # A replay loses nothing (its run stays in its folder) and trains nothing: asking
        # 「学習を中断しますか？」 over it would be wrong on both counts.
        if (self.source.run is None or self.state in ("preparing", "failed")
                or isinstance(self.source, ReplaySource)):
            self._leave()
            return
        from nntui.tui.screens.confirm import ConfirmLeave  # opened on Esc only

        question = (_("This run is still training. Leave it and go back to the picker?")
                    if self.state == "running" else
                    _("This run has results on screen. Leave it and go back to the picker?"))
        question += "\n" + _("(e exports it first; v shows its report.)")
        training = self.state in ("running", "paused")
        self.app.push_screen(ConfirmLeave(question, training=training), self._leave)

    def _leave(self, leave: bool | None = True) -> None:  # also the dialog's answer
        if leave:
            self.shutdown()
            self.post_message(BackRequested())
