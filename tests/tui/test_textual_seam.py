"""Textual's private API, as nntui uses it (`nntui.tui.textual_seam`): each use is checked
against the installed Textual, so an upgrade that renames or rewires one fails here, by
name, instead of silently turning off a safety (a lost terminal hanging the process again,
the link governor going blind, the footer back in English).

The driver tests run nntui's `TerminalDriver` for real on a pseudo-terminal of their own
(Textual's standard streams pointed at it), with a stand-in App and a `Lifeline` whose
exit is recorded instead of taken.
"""

from __future__ import annotations

import ast
import asyncio
import fcntl
import os
import signal
import sys
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from textual.widgets import Footer

from nntui.tui import textual_seam as seam
from nntui.tui.lifeline import Lifeline
from nntui.tui.link import LinkMonitor

PACKAGE = Path(__file__).resolve().parents[2] / "nntui"
TIOCVHANGUP = 0x5437


@dataclass
class StandInApp:
    """What a driver needs of its App: somewhere to post messages, a lifeline, a quit."""

    lifeline: Lifeline
    messages: list[object] = field(default_factory=list)
    exits: list[int | None] = field(default_factory=list)

    async def _post_message(self, message: object) -> bool:  # Driver.send_message's target
        self.messages.append(message)
        return True

    def exit(self, return_code: int | None = None) -> None:
        self.exits.append(return_code)


@dataclass
class PtyDriver:
    driver: seam.TerminalDriver
    master: int
    slave: int
    app: StandInApp
    quits: list[int]
    exits: list[int]
    loop: asyncio.AbstractEventLoop

    def on_loop(self, fn, *args):  # type: ignore[no-untyped-def]
        """Run ``fn(*args)`` inside the (otherwise idle) event loop, as a signal handler
        runs inside the App's."""
        async def call():  # type: ignore[no-untyped-def]
            return fn(*args)

        return self.loop.run_until_complete(call())

    def read(self, timeout: float = 2.0, until: bytes = b"") -> bytes:
        """What the driver wrote to the terminal so far (until ``until`` is seen)."""
        data = b""
        deadline = time.monotonic() + timeout
        os.set_blocking(self.master, False)
        while time.monotonic() < deadline:
            try:
                chunk = os.read(self.master, 65536)
            except BlockingIOError:
                chunk = b""
            except OSError:
                break
            data += chunk
            if until and until in data:
                break
            if not chunk:
                time.sleep(0.01)
        return data

    def wait_quit(self, timeout: float = 5.0) -> list[int]:
        """The quits asked for, once one was (the watcher thread may be the one asking)."""
        deadline = time.monotonic() + timeout
        while not self.quits and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.quits

    def hang_up(self) -> None:
        """The terminal goes away: the kernel hangs the pty up (as when its master is
        closed by sshd or tmux), without a signal to this process."""
        fcntl.ioctl(self.slave, TIOCVHANGUP)


@pytest.fixture
def pty_driver(monkeypatch: pytest.MonkeyPatch) -> Iterator[PtyDriver]:
    if os.geteuid() != 0:
        pytest.skip("hanging up a pty (TIOCVHANGUP) needs CAP_SYS_ADMIN")
    master, slave = os.openpty()
    out = open(slave, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    inp = open(slave, encoding="utf-8", closefd=False)  # noqa: SIM115
    monkeypatch.setattr(sys, "__stderr__", out)
    monkeypatch.setattr(sys, "__stdin__", inp)
    saved = {s: signal.getsignal(s) for s in (signal.SIGTSTP, signal.SIGCONT, signal.SIGWINCH)}
    quits: list[int] = []
    exits: list[int] = []
    app = StandInApp(Lifeline(quits.append, deadline_s=0.2, exit=exits.append))
    loop = asyncio.new_event_loop()
    holder: dict[str, seam.TerminalDriver] = {}

    async def make() -> None:
        holder["driver"] = seam.TerminalDriver(app)  # type: ignore[arg-type]
        holder["driver"].start_application_mode()

    loop.run_until_complete(make())
    rig = PtyDriver(holder["driver"], master, slave, app, quits, exits, loop)
    try:
        yield rig
    finally:
        driver = holder["driver"]
        driver.exit_event.set()
        closing = threading.Thread(target=driver.close, daemon=True)  # bounded, even when
        closing.start()  # a test showed that close() is not
        closing.join(3 * seam.WRITER_STOP_S)
        if driver._key_thread is not None:
            driver._key_thread.join(2)
        app.lifeline.disarm()
        loop.run_until_complete(asyncio.sleep(0.05))  # the resize events it posted
        loop.close()
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        # The far end first: a writer still blocked on a terminal nobody read gets EIO and
        # lets go of the file, which closing it would otherwise wait for.
        os.close(master)
        if driver._writer_thread is not None:
            driver._writer_thread.join(2)
        out.close()
        inp.close()
        os.close(slave)


def test_the_driver_writes_through_its_writer_thread_and_the_link_monitor_sees_it(
        pty_driver: PtyDriver) -> None:
    driver = pty_driver.driver
    pty_driver.read(until=b"\x1b[?1049h")  # the alternate screen: application mode began
    assert seam.output_fd(driver) == pty_driver.slave
    # The rest of application mode's set-up is still queued a moment (a loaded machine).
    deadline = time.monotonic() + 5
    while seam.writer_backlog(driver) and time.monotonic() < deadline:
        pty_driver.read(timeout=0.05)
    assert seam.writer_backlog(driver) == 0
    monitor = LinkMonitor(driver)
    assert monitor.real and not monitor.backed_up()
    before = monitor.bytes
    driver.write("ab⣿")  # counted in UTF-8 bytes: 1 + 1 + 3
    driver.flush()
    assert monitor.bytes - before == 5
    assert b"ab\xe2\xa3\xbf" in pty_driver.read(until=b"\xe2\xa3\xbf")
    # Nobody reads the terminal: the kernel buffer fills, then Textual's queue.
    frame = "x" * 4000
    backed = False
    for _ in range(200):
        threading.Thread(target=driver.write, args=(frame,), daemon=True).start()
        if monitor.backed_up():
            backed = True
            break
        time.sleep(0.005)
    assert backed and (seam.writer_backlog(driver) or 0) > 0
    pty_driver.read(timeout=1.0)  # drain, so the writer can finish


def test_a_lost_terminal_ends_the_drawing_not_the_writer_thread(pty_driver: PtyDriver) -> None:
    driver, lifeline = pty_driver.driver, pty_driver.app.lifeline
    writer = driver._writer_thread
    pty_driver.read(until=b"\x1b[?1049h")
    pty_driver.hang_up()
    # Far more writes than Textual's 30-slot queue holds: none may block, whether they come
    # through the driver (dropped once the loss is known) or straight to its writer thread
    # (which must keep draining: its file fails quietly).
    done = threading.Event()

    def frames() -> None:
        for _ in range(200):
            driver.write("frame" * 100)
            writer.write("frame" * 100)
        done.set()

    threading.Thread(target=frames, daemon=True).start()
    assert done.wait(5), "a write blocked on a lost terminal"
    assert pty_driver.wait_quit() == [129]  # the App is asked to quit as after SIGHUP
    assert lifeline.lost
    assert writer is not None and writer.is_alive()
    queued: list[str] = []
    writer.write = queued.append  # what reaches the writer from now on
    driver.write("after the loss")
    assert queued == []  # nothing is drawn on a dead terminal
    assert driver.exit_event.is_set()  # input reading ends: nothing to read any more
    started = time.monotonic()
    driver.close()
    assert time.monotonic() - started < seam.WRITER_STOP_S + 0.5
    assert not writer.is_alive()
    time.sleep(0.4)  # past the watchdog's deadline (0.2 s here): it ends with 129
    assert pty_driver.exits == [129]


def test_sigcont_resumes_a_live_screen_but_not_one_whose_terminal_hung_up(
        pty_driver: PtyDriver) -> None:
    driver = pty_driver.driver
    handler = signal.getsignal(signal.SIGCONT)
    # Textual registers the SIGCONT handler by this name: it must be nntui's override.
    assert getattr(handler, "__func__", None) is seam.TerminalDriver._sigcont_application
    pty_driver.read(until=b"\x1b[?1049h")
    first = driver._writer_thread
    pty_driver.on_loop(handler, signal.SIGCONT, None)  # `fg` after ctrl+z: the screen resumes
    assert driver._writer_thread is not first
    assert b"\x1b[?1049h" in pty_driver.read(until=b"\x1b[?1049h")
    resumed = driver._writer_thread
    # The kernel's SIGCONT may run before anything else saw the hangup: the watcher is
    # stopped here so that the handler's own check is what must notice.
    pty_driver.app.lifeline.stop_watching()
    pty_driver.hang_up()
    pty_driver.on_loop(handler, signal.SIGCONT, None)  # the SIGCONT that follows a hangup
    assert driver._writer_thread is resumed  # no new screen on the dead terminal
    assert pty_driver.wait_quit() == [129] and pty_driver.app.lifeline.lost


def test_close_is_bounded_even_when_the_writer_thread_is_gone(pty_driver: PtyDriver) -> None:
    driver = pty_driver.driver
    writer = driver._writer_thread
    assert writer is not None
    writer._queue.put(None)  # the writer ends (as Textual's did on a failed write)
    writer.join(2)
    for _ in range(30):  # and its queue fills: Textual's close() would block for ever
        writer._queue.put_nowait("late frame")
    closing = threading.Thread(target=driver.close, daemon=True)
    closing.start()
    closing.join(seam.WRITER_STOP_S + 1.0)
    assert not closing.is_alive(), "close() blocked on a writer that is gone"


def test_the_watchdog_gives_a_live_terminal_its_modes_back(pty_driver: PtyDriver) -> None:
    driver = pty_driver.driver
    pty_driver.read(until=b"\x1b[?1049h")
    raw = termios.tcgetattr(pty_driver.slave)
    assert driver.attrs_before is not None and raw != driver.attrs_before  # raw mode now
    assert driver.restore_terminal in pty_driver.app.lifeline.exit_tasks
    driver.restore_terminal(0.5)  # what the watchdog runs last when a quit overran
    assert seam.RESTORE_SEQUENCES.encode() in pty_driver.read(until=b"\x1b[?7h")
    assert termios.tcgetattr(pty_driver.slave) == driver.attrs_before


def test_close_is_bounded_while_the_writer_is_stuck_on_a_terminal_that_does_not_read(
        pty_driver: PtyDriver) -> None:
    """A frozen link (an ssh client stopped with ctrl+z): the writer blocks in write() and
    its queue stays full; Textual's stop (put the sentinel, join) would wait for ever."""
    driver = pty_driver.driver
    writer = driver._writer_thread
    assert writer is not None
    frame = "x" * 8192

    def flood() -> None:
        for _ in range(200):
            driver.write(frame)

    threading.Thread(target=flood, daemon=True).start()
    deadline = time.monotonic() + 5
    while (seam.writer_backlog(driver) or 0) < 30 and time.monotonic() < deadline:
        time.sleep(0.01)  # nobody reads the terminal: the kernel buffer, then the queue fill
    assert seam.writer_backlog(driver) == 30 and writer.is_alive()
    closing = threading.Thread(target=driver.close, daemon=True)
    closing.start()
    closing.join(2 * seam.WRITER_STOP_S + 1.0)
    assert not closing.is_alive(), "close() blocked on a writer stuck in write()"


class _KeyScreen(seam.GatedUpdates, Screen[None]):
    BINDINGS = [Binding("x", "nothing", "English")]

    def __init__(self) -> None:
        super().__init__()
        self.gated = self.written = 0
        self.hold = self.hold_update = False

    def compose(self) -> ComposeResult:
        yield Footer()

    def gate_update(self, update):  # type: ignore[no-untyped-def]
        self.gated += 1
        if not self.hold_update:
            update()

    def gate_write(self, write):  # type: ignore[no-untyped-def]
        self.written += 1
        if self.hold:
            seam.skip_write(self)
            return
        write()


def test_app_driver_gated_updates_and_node_bindings_on_a_running_app() -> None:
    async def body() -> None:
        app = App[None]()
        assert seam.app_driver(app) is None
        async with app.run_test(size=(40, 5)) as pilot:
            assert seam.app_driver(app) is not None
            screen = _KeyScreen()
            await app.push_screen(screen)
            await pilot.pause(0.1)
            assert screen.gated > 0  # Textual's per-frame update went through the gate
            bindings = seam.node_bindings(screen)
            assert [b.description for b in bindings.key_to_bindings["x"]] == ["English"]
            from nntui.tui.bindings import translated_map

            renamed = translated_map(bindings)
            renamed.key_to_bindings["x"] = [
                b.__class__(b.key, b.action, "Japanese") for b in renamed.key_to_bindings["x"]]
            seam.set_node_bindings(screen, renamed)
            shown = {key: b.description for key, (_, b, _e, _t) in
                     ((k, v) for k, v in _active(screen).items())}
            assert shown["x"] == "Japanese"  # what the footer and the key dispatch read

    asyncio.run(body())


def test_a_change_on_its_way_and_a_held_back_write_are_seen() -> None:
    """What `FramePacer` is told: a widget's change is `frame_arriving` until it reached
    the screen, then `unwritten` until the screen's write; a write skipped by `gate_write`
    (`skip_write`) leaves nothing unwritten, and the screen shows the old text."""
    async def body() -> None:
        app = App[None]()
        async with app.run_test(size=(40, 5)) as pilot:

            async def settled() -> None:  # a busy machine takes longer than one pause
                for _ in range(250):
                    await pilot.pause(0.02)
                    if not seam.frame_arriving(screen):
                        return

            screen = _KeyScreen()
            await app.push_screen(screen)
            await settled()
            await pilot.pause(0.1)
            assert screen.written > 0  # Textual's write went through the gate
            footer = screen.query_one(Footer)
            assert not seam.frame_arriving(screen) and not seam.unwritten(screen)
            screen.hold_update = True
            footer.refresh()
            assert seam.frame_arriving(screen)  # the widget has not told the screen yet
            await settled()
            assert not seam.frame_arriving(screen) and seam.unwritten(screen)
            screen.hold_update = False
            await settled()
            await pilot.pause(0.1)
            assert not seam.unwritten(screen)  # written
            screen.hold = True
            footer.refresh()
            await settled()
            assert not seam.frame_arriving(screen) and not seam.unwritten(screen)  # dropped
            screen.post_message(events.Key("z", None))
            assert seam.frame_arriving(screen)  # a message the screen has still to handle
            await settled()
            assert not seam.frame_arriving(screen)
            footer.post_message(events.Key("z", None))
            assert seam.frame_arriving(screen)  # one a widget has (a layout's Resize)

    asyncio.run(body())


def _active(screen: Screen[None]) -> dict[str, tuple[object, Binding, bool, str]]:
    return {k: (v.node, v.binding, v.enabled, v.tooltip)
            for k, v in screen.active_bindings.items()}


def test_terminal_driver_replaces_only_textuals_linux_driver() -> None:
    assert seam.terminal_driver_class(LinuxDriver) is seam.TerminalDriver
    from textual.drivers.headless_driver import HeadlessDriver

    assert seam.terminal_driver_class(HeadlessDriver) is HeadlessDriver


# -- nothing private outside the seam ----------------------------------------------------------
def test_no_textual_private_attribute_is_read_outside_the_seam() -> None:
    """No `something._name` in nntui/tui but on `self`/`cls`/`super()` (checked by the
    next test), `os._exit` and `atexit._run_exitfuncs`: another object's private attribute
    can only be Textual's there, and belongs in the seam."""
    used = []
    for path in sorted((PACKAGE / "tui").rglob("*.py")):
        if path.name == "textual_seam.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                continue
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "super":
                continue
            # os._exit, os._Environ; atexit._run_exitfuncs (Lifeline.leave)
            if isinstance(owner, ast.Name) and owner.id in ("os", "atexit"):
                continue
            used.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.attr}")
    assert used == [], "\n".join(used)


def test_no_nntui_class_overrides_or_sets_a_private_name_of_its_textual_base() -> None:
    import importlib
    import inspect
    import pkgutil
    import re
    from functools import cache

    import nntui.tui

    @cache
    def textual_names(base: type) -> frozenset[str]:
        """The private names a Textual class defines or sets/reads on its instances."""
        try:
            source = inspect.getsource(base)
        except (OSError, TypeError):
            source = ""
        return frozenset({*base.__dict__, *re.findall(r"self\.(_[a-z]\w*)", source)})

    generated = {"_decorated_handlers", "_reactives", "_inherit_css", "_inherit_bindings",
                 "_inherit_component_classes", "_css_type_name", "_merged_bindings",
                 "_css_type_names", "_computes", "_abc_impl"}
    found, checked = [], 0
    for info in pkgutil.walk_packages(nntui.tui.__path__, "nntui.tui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
            if not bases:
                continue
            checked += 1
            mine = {a for a in cls.__dict__ if a.startswith("_") and not a.startswith("__")}
            mine |= set(re.findall(r"self\.(_[a-z]\w*)", inspect.getsource(cls)))
            hits = sorted(f"{module.__name__}.{name}.{attr} ({base.__name__})"
                          for attr in mine - generated for base in bases
                          if attr in textual_names(base))
            if module.__name__ == seam.__name__:
                continue  # the seam's own (listed in its doc), checked by the tests above
            found += hits
    assert checked > 20  # the walk found the widgets and screens
    assert found == [], found
