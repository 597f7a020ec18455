"""The dashboard's keys, for every source at once (`nntui.tui.sources`).

A key may appear twice with different actions (n: one more step of a live run, one more
frame under the demo clock; r: restart with the next seed, rewind a replay): Textual runs
the first binding whose action the screen allows (`DashboardScreen.check_action` asks the
source), and the footer and help show that one. Their tooltips are the help text
(`help.key_rows`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from nntui.i18n import N_
from nntui.tui.view_state import grouped

if TYPE_CHECKING:
    from nntui.tui.sources import RunSource

_FOCUS = N_("focus the next series (its histograms, boundary)")

#: Actions that act on the run, answered only where the source has them (`ACTIONS`).
RUN_ACTIONS = frozenset({"toggle_pause", "step", "frame", "stop", "restart", "speed",
                         "rewind", "scrub", "scrub_to", "ghost"})

DASHBOARD_BINDINGS = [
    Binding("space", "toggle_pause", N_("Pause"), tooltip=N_("pause / resume training")),
    Binding("n,full_stop", "step", N_("Step"), show=False,
            tooltip=N_("one iteration (pauses first)")),
    Binding("n,full_stop", "frame", N_("Frame"), tooltip=N_("one more frame (pauses)")),
    # Not `s`: the picker's `s` opens the settings; one key, one meaning.
    Binding("x", "stop", N_("Stop"), tooltip=N_("stop the run (keep what it drew)")),
    Binding("r", "restart", N_("Restart"), show=False,
            tooltip=N_("restart with the next seed")),
    Binding("r", "rewind", N_("Rewind"), tooltip=N_("back to the start (nothing retrains)")),
    Binding("left", "scrub(-1)", "◀", key_display="←",
            tooltip=N_("jump back (a twentieth of the run)")),
    Binding("right", "scrub(1)", "▶", key_display="→", tooltip=N_("jump forward")),
    Binding("home", "scrub_to(0)", N_("To start"), show=False,
            tooltip=N_("jump to the start")),
    Binding("end", "scrub_to(1)", N_("To end"), show=False, tooltip=N_("jump to the end")),
    Binding("f", "next_series", N_("Series"), tooltip=_FOCUS),
    Binding("g", "next_group", N_("Group"),
            tooltip=N_("next group of series (runs with more than 8, e.g. batchnorm)")),
    Binding("tab", "next_series", N_("Series"), show=False, priority=True, tooltip=_FOCUS),
    Binding("shift+tab", "prev_series", N_("Prev series"), show=False, priority=True,
            tooltip=N_("focus the previous series")),
    Binding("l", "toggle_log", N_("Log-y"), show=False, tooltip=N_("loss axis: log / linear")),
    Binding("h", "toggle_hist_range", N_("Hist x"), show=False,
            tooltip=N_("histograms: one x range for all layers / each its own")),
    Binding("w", "histogram_view", N_("Over time"), show=False,
            tooltip=N_("histograms: now / over time (activations, gradients, weights)")),
    Binding("u", "gradient_view", N_("Updates"), show=False,
            tooltip=N_("gradient flow: ‖∂L/∂W‖ / update ratio ‖ΔW‖/‖W‖ per layer")),
    Binding("left_square_bracket", "smoothing(-1)", N_("Less smoothing"), show=False),
    Binding("right_square_bracket", "smoothing(1)", N_("More smoothing"), show=False),
    Binding("plus,equals_sign", "speed(1)", N_("Faster"), show=False),
    Binding("minus,underscore", "speed(-1)", N_("Slower"), show=False),
    Binding("v", "report", N_("Report"),
            tooltip=N_("final report (test metrics, train–test gap, confusion matrix)")),
    Binding("o", "sort_trials", N_("Sort trials"), show=False,
            tooltip=N_("sort the trial table by the next column (or click a header)")),
    Binding("c", "ghost", N_("Last run"), show=False,
            tooltip=N_("overlay the last finished run of this preset, faint (again: off)")),
    Binding("e", "export", N_("Export"), show=False,
            tooltip=N_("export config/metrics/summary (--out or ./runs/…)")),
    Binding("i", "read_values", N_("Read values"), show=False,
            tooltip=N_("value cursor on the line panels: ←/→ move it (the focused panel's "
                       "points; again: the next panel), esc hides it; or hover the mouse")),
    # Before `back`: Esc hides a shown cursor first (`CursorKeys.cursor_key_state`).
    Binding("escape", "hide_cursor", N_("Hide cursor"), tooltip=N_("hide the value cursor")),
    Binding("escape,b", "back", N_("Back"),
            tooltip=N_("back to the picker (asks first when a run would be lost)")),
    *[Binding(str(i), f"toggle_panel({i})", f"Panel {i}", show=False,
              tooltip=N_("show / hide a panel (in the order listed below)"))
      for i in range(1, 9)],
]


def offers(source: RunSource, action: str) -> bool:
    """Whether ``action`` (a binding's, maybe with arguments) is there for this source:
    the run's controls only where the source has them, every other key always."""
    name = action.partition("(")[0]
    return name not in RUN_ACTIONS or name in source.ACTIONS


def offered_bindings(source: RunSource) -> list[Binding]:
    """The keys of a dashboard showing ``source`` (what `?` lists)."""
    return [b for b in DASHBOARD_BINDINGS if offers(source, b.action)]


def key_state(action: str, source: RunSource) -> bool | None:
    """`check_action` for the dashboard: False hides a key from the footer (and Textual
    then tries the next binding of that key). Hidden: the run's controls the source does
    not have, `g` unless the series come in groups, `h` and `w` without histograms, `u`
    without the gradient-flow panel, `x` once the run ended, `v` before there is a report;
    hidden keys of this source still answer (with a note where they cannot act)."""
    if not offers(source, action):
        return False
    preset = source.request.preset
    if action == "stop":
        return source.running
    if action == "report":
        return source.has_report()
    if action == "next_group":
        return grouped(preset.view, len(preset.series))
    if action in ("toggle_hist_range", "histogram_view"):
        return "histograms" in preset.view.panels
    if action == "gradient_view":
        return "gradients" in preset.view.panels
    return True
