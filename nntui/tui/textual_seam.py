"""Every use of Textual's private API in nntui, in one place (written against Textual 8.2).

nntui needs a few things Textual does not offer publicly. Each is wrapped here and named
for what it does; tests/tui/test_textual_seam.py fails loudly when a Textual release
changes one of them (a renamed attribute, a hook no longer called):

- `app_driver`: the App's driver (``App._driver``), for the link monitor.
- `writer_backlog`, `output_fd`: the LinuxDriver's writer thread (``_writer_thread``) and
  its queue (``WriterThread._queue``): frames waiting to be written, and the descriptor
  they go to (`nntui.tui.link` lowers the frame rate while they back up).
- `TerminalDriver`, the LinuxDriver nntui draws with, made safe for a terminal that goes
  away (`nntui.tui.lifeline`): its output file (``_file``) is wrapped so that a failed
  write ends the drawing, not the writer thread; the SIGCONT handler
  (``_sigcont_application``) does not start the screen again on a hung-up terminal;
  ``close`` stops the writer with a bounded wait (``WriterThread.stop`` puts into a
  bounded ``_queue`` and joins for ever); and ``write`` counts bytes for the link monitor.
- `GatedUpdates`: the screen's per-frame update (``Screen._on_timer_update``) and its write
  to the terminal (``Screen._compositor_refresh``) go through public-named hooks, so a
  dashboard can hold training or a frame around them; `skip_write`, `frame_arriving` and
  `unwritten` (``Screen._dirty_widgets``, a widget's ``_repaint_required``) tell a demo-clock
  frame's pieces on their way (`nntui.tui.frame_gate.FramePacer`).
- `node_bindings`, `set_node_bindings`: a node's own bindings (``DOMNode._bindings``), which
  the footer and the key dispatch read (translated per instance: `nntui.tui.bindings`).
- `install_wide_chars`: Textual's compositor (``textual._compositor``) keeps a two-cell
  character whole where widgets overlap (below).
- `footer_keys`, `footer_key_widgets`: the keys a Footer shows
  (``textual.widgets._footer.FooterKey``).
- `screen_rows`, `updates_pending`: the screen as the terminal would show it, row by row
  (``Screen._compositor``), once no widget change is on its way (`nntui record`).

Wide characters. Wide (Japanese) characters stay whole where widgets overlap.

Textual's compositor builds each screen line from "chops": the line is cut at the left and
right edge of every widget that touches it, the widgets underneath included, and each
widget's line is divided at all those cuts. A cut that falls inside a two-cell character
splits it, and rich replaces both halves with spaces: a toast over the settings form's
buttons read 「書籍の設定その」 at 80x24 and 「書籍の設定  のまま」 at 120x40, a modal over a
panel lost characters wherever a panel edge ran under its text (Textual issue 6357; an
English toast has no two-cell characters, so it never shows).

`install_wide_chars()` changes two methods of Textual's `Compositor`, once per process:

- `_render_chops`: a widget's line is divided only where the widget in front changes, not
  at the edges of the widgets it covers. The cuts it covers get an empty chop, so nothing
  below claims them; the run of cuts it owns gets one chop, wider than one cut's span.
- `render_partial_update`: each chop's end is where that chop's text ends (the next cut
  for an ordinary chop, further on for a merged one, its start for an empty one), so a
  partial redraw crops it there rather than at the next cut.

A line whose cuts all belong to different widgets (every ASCII screen, most of ours) is
built exactly as Textual builds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import termios
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual._compositor import ChopsUpdate, Compositor
from textual._context import visible_screen_stack
from textual.binding import BindingsMap
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from nntui.tui.lifeline import Lifeline, TerminalOutput

if TYPE_CHECKING:
    from rich.console import Console
    from textual.screen import Screen

#: Longest wait for Textual's writer thread to take the stop sentinel and end.
WRITER_STOP_S = 1.0
#: What Textual's stop_application_mode and disable_input write to give the terminal back:
#: kitty keys off, main screen, cursor shown, focus/mouse/paste reports off, line wrap on.
RESTORE_SEQUENCES = ("\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l\x1b[?1000l\x1b[?1003l"
                     "\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?7h")


# -- App / driver -----------------------------------------------------------------------------
def app_driver(app: object) -> Driver | None:
    """The App's driver while it runs (None before, and for a non-App)."""
    return getattr(app, "_driver", None)


def _writer(driver: object) -> Any:
    return getattr(driver, "_writer_thread", None)


def writer_backlog(driver: object) -> int | None:
    """Writes queued for the terminal and not yet written (None: not a writer-thread
    driver, e.g. the test or web driver)."""
    writer = _writer(driver)
    return None if writer is None else writer._queue.qsize()


def output_fd(driver: object) -> int | None:
    """The descriptor the driver's writer thread writes to (None if it has none)."""
    writer = _writer(driver)
    if writer is None:
        return None
    try:
        return writer.fileno()
    except (OSError, ValueError):
        return None


class TerminalDriver(LinuxDriver):
    """Textual's LinuxDriver for a terminal that may go away (see the module doc). The App
    it serves may have a ``lifeline`` (`nntui.tui.lifeline.Lifeline`) and a
    ``quit_with(code)``; without them it quits with ``App.exit``."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.bytes_written = 0
        lifeline = getattr(app, "lifeline", None)
        if not isinstance(lifeline, Lifeline):
            lifeline = Lifeline(lambda code: app.exit(return_code=code))
        self.lifeline = lifeline
        self._file = TerminalOutput(self._file, lifeline.output_failed)
        # A dead terminal has nothing to read and nothing to restore: the input thread
        # ends now, and `disable_input` (mouse off, join it, flush) is skipped.
        lifeline.on_lost.append(self.exit_event.set)
        # The watchdog's last task: a live terminal gets its modes back even when the
        # clean shutdown that restores them did not finish.
        lifeline.exit_tasks.append(self.restore_terminal)

    def write(self, data: str) -> None:
        self.bytes_written += len(data.encode("utf-8", "replace"))
        if self.lifeline.lost:
            return  # nothing draws on a dead terminal (and the queue cannot fill)
        super().write(data)

    def start_application_mode(self) -> None:
        if self.lifeline.lost:
            return  # no screen after a hangup
        out = self._file.fileno()
        with contextlib.suppress(OSError):
            # A terminal left non-blocking by another program would make writes fail
            # with EAGAIN, which is not a lost terminal.
            os.set_blocking(out, True)
        super().start_application_mode()
        stdin = self.fileno
        self.lifeline.watch((stdin, out) if os.isatty(stdin) else (out,))

    def _sigcont_application(self, *args: Any) -> None:
        # The kernel sends SIGHUP *and* SIGCONT when a terminal hangs up; Textual's handler
        # (meant for `fg` after ctrl+z) would start the screen on the dead terminal.
        if self.lifeline.lost or self.lifeline.quitting or not self.lifeline.check():
            return
        super()._sigcont_application(*args)

    def restore_terminal(self, budget_s: float) -> None:
        """Leave the alternate screen and raw mode now, written straight to the terminal
        (not through the writer thread), in a thread given ``budget_s`` at most: a terminal
        that does not read could block the write, and the watchdog must still exit."""
        if self.lifeline.lost:
            return

        def restore() -> None:
            with contextlib.suppress(OSError, ValueError):
                os.write(self._file.fileno(), RESTORE_SEQUENCES.encode())
            if self.attrs_before is not None:
                with contextlib.suppress(termios.error, OSError, ValueError):
                    termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)

        worker = threading.Thread(target=restore, daemon=True, name="nntui-restore")
        worker.start()
        worker.join(max(budget_s, 0.1))

    def close(self) -> None:
        self.lifeline.stop_watching()
        writer = self._writer_thread
        if writer is None or not writer.is_alive():
            return
        try:
            writer._queue.put(None, timeout=WRITER_STOP_S)
        except queue.Full:  # pragma: no cover - the writer drains even a dead terminal
            return
        writer.join(WRITER_STOP_S)


def terminal_driver_class(chosen: type[Driver]) -> type[Driver]:
    """`TerminalDriver` where Textual chose its LinuxDriver; any other (the web driver of
    `nntui serve`, Windows) as chosen."""
    return TerminalDriver if chosen is LinuxDriver else chosen


def loop_caller() -> Callable[..., object]:
    """A thread-safe way to run a callback on the running event loop (call on its thread)."""
    return asyncio.get_running_loop().call_soon_threadsafe


# -- screens ----------------------------------------------------------------------------------
class GatedUpdates:
    """Mixin (before the Textual Screen): Textual's per-frame screen update (layout,
    compositor, terminal output; ``Screen._on_timer_update``) runs through `gate_update`,
    which a subclass overrides to wrap or hold it back."""

    def gate_update(self, update: Callable[[], None]) -> None:
        update()

    def _on_timer_update(self) -> None:
        self.gate_update(super()._on_timer_update)  # type: ignore[misc]

    def gate_write(self, write: Callable[[], None]) -> None:
        """The write of the screen's changes to the terminal (``Screen._compositor_refresh``:
        after an update, and after a layout Textual does outside one: a screen resumed or
        resized); a subclass may skip it (`skip_write`)."""
        write()

    def _compositor_refresh(self) -> None:
        self.gate_write(super()._compositor_refresh)  # type: ignore[misc]


def skip_write(screen: Screen[object]) -> None:
    """Drop a screen write held back by `GatedUpdates.gate_write`, as a write would have
    (the widgets it carried are no longer dirty): the screen must be refreshed whole later."""
    screen._dirty_widgets.clear()  # type: ignore[attr-defined]


def frame_arriving(screen: Screen[object]) -> bool:
    """Whether a change to one of ``screen``'s widgets has not reached the screen yet: a
    widget's repaint or layout not yet posted, a message the screen or a widget has still
    to handle (the Resize events a layout posts: what they change comes after the layout
    was written). The screen's own flags are not "arriving" but `unwritten`: only the
    screen's update clears them."""
    if screen.message_queue_size:
        return True
    return any(w._repaint_required or w._layout_required  # type: ignore[attr-defined]
               or w.message_queue_size for w in screen.walk_children(Widget))


def unwritten(screen: Screen[object]) -> bool:
    """Whether changes that reached ``screen`` wait for its next update to be written."""
    s: Any = screen
    return bool(s._dirty_widgets or s._layout_required or s._repaint_required
                or s._scroll_required)


# -- bindings ---------------------------------------------------------------------------------
def node_bindings(node: object) -> BindingsMap:
    """The bindings a node (App, Screen, Widget) dispatches and shows: its own copy."""
    return node._bindings  # type: ignore[attr-defined,no-any-return]


def set_node_bindings(node: object, bindings: BindingsMap) -> None:
    node._bindings = bindings  # type: ignore[attr-defined]


# -- whole screens (the recorder) ------------------------------------------------------------
def updates_pending(screen: Screen[object]) -> bool:
    """Whether a change to ``screen`` or one of its widgets has not reached the compositor:
    a widget's refresh reaches its screen in steps (its idle handler posts an Update or a
    Layout message, the screen handles it), so a frame read too soon is half old."""
    if screen.message_queue_size:
        return True
    return any(w._repaint_required or w._layout_required  # type: ignore[attr-defined]
               for w in (screen, *screen.walk_children(Widget)))


def screen_rows(screen: Screen[object], console: Console) -> list[str]:
    """``screen`` as the terminal shows it: one string per row, with the escapes of
    ``console``'s colour system (the screens below a modal one included, dimmed)."""
    visible_screen_stack.set(screen.app._background_screens)
    return [strip.simplify().render(console) for strip in screen._compositor.render_strips()]


# -- the footer -------------------------------------------------------------------------------
def footer_keys(footer: Widget) -> list[tuple[str, str]]:
    """(key as shown, description) of every key a Footer shows now."""
    return [(k.key_display, k.description) for k in footer.query(FooterKey)]


def footer_key_widgets(footer: Widget) -> tuple[list[FooterKey], FooterKey | None]:
    """A Footer's key widgets: those on the left, and the command palette's key (docked
    on the right), if shown."""
    keys = list(footer.query(FooterKey))
    palette = next((k for k in keys if k.has_class("-command-palette")), None)
    return [k for k in keys if k is not palette], palette


# -- the compositor: wide characters ----------------------------------------------------------
#: Stands for a cut whose cells the chop before it already holds.
_TAKEN = Strip([], 0)
#: Textual's own methods (tests compare with them).
COMPOSITOR_ORIGINAL = (Compositor._render_chops, Compositor.render_partial_update)
_installed = False


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool],
) -> Sequence[Mapping[int, Strip | None]]:
    """Per line, cut position -> the strip drawn from there (None: nothing there)."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
    # Front to back: the first widget to claim a cut's span draws it.
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            spans = [cut for cut in cuts[y] if first_cut <= cut <= last_cut]
            starts = spans[:-1]
            if not starts:  # no width on this line
                continue
            free = [line.get(cut) is None for cut in starts]
            # Divide only where "free" changes: a run of free cuts is one piece.
            ends = [spans[i] for i in range(1, len(starts)) if free[i] != free[i - 1]]
            ends.append(spans[-1])
            pieces = strip.divide([end - render_region.x for end in ends])
            start = spans[0]
            for end, piece in zip(ends, pieces):
                if line.get(start) is None:
                    line[start] = piece
                    for cut in starts:
                        if start < cut < end:
                            line[cut] = _TAKEN
                start = end
    return chops


def _chop_ends(line: Mapping[int, Strip | None], cuts: list[int]) -> list[int]:
    """Where each chop of a line ends: its text's end, or the next cut when it has none."""
    return [x + strip.cell_length if strip is not None else nxt
            for (x, strip), nxt in zip(line.items(), cuts[1:])]


def install_wide_chars() -> None:
    """Patch Textual's compositor (see "Wide characters" above); a second call does
    nothing."""
    global _installed
    if _installed:
        return
    partial_update = COMPOSITOR_ORIGINAL[1]

    def render_partial_update(self: Compositor) -> ChopsUpdate | None:
        update = partial_update(self)
        if update is not None:
            update.chop_ends = [_chop_ends(line, cuts)
                                for line, cuts in zip(update.chops, self.cuts)]
        return update

    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
    Compositor.render_partial_update = render_partial_update  # type: ignore[method-assign]
    _installed = True
