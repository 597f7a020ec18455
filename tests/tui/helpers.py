"""What the TUI tests share: running async tests, waiting on the app, reading the screen,
and opening a dashboard (`open_dashboard`, the `dashboard` fixture of tests/tui/conftest.py).

No pytest async plugin is installed: a test is `@sync async def test_…` and drives the app
with Textual's Pilot.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from nntui.core.run import Run
from nntui.pipeline.request import RunRequest
from nntui.presets import PRESETS
from nntui.presets.base import Preset
from nntui.presets.params import RunConfig
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.terminal import TerminalMode

#: A budget no test reaches: the run keeps going until a test pauses or stops it.
ENDLESS = 1_000_000


def sync(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio.run (no pytest async plugin is installed)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


async def wait_for(pilot: Pilot, cond: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `cond()` holds (fail after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


# -- reading the screen --------------------------------------------------------------------
def screen_text(app: NNTuiApp) -> str:
    """The characters on the current screen, row by row (what a user would read)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def status_of(dash: DashboardScreen) -> str:
    """The dashboard's status line as drawn."""
    return str(dash.query_one("#dash-status", Static).render())


def status(app: NNTuiApp) -> str:
    return status_of(app.screen)  # type: ignore[arg-type]


def widget_lines(widget: Any) -> list[str]:
    """Every rendered line of `widget` (also those scrolled out of view), right-stripped."""
    from textual.geometry import Region

    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text.rstrip() for strip in widget.render_lines(region)]


def squeeze(text: str) -> str:
    return "".join(text.split())


def row_of(app: NNTuiApp, label: str) -> str:
    return next(line for line in screen_text(app).splitlines()
                if line.strip().startswith(label))


# -- the run behind a dashboard ---------------------------------------------------------------
def iteration(screen: DashboardScreen) -> int:
    """Iterations the screen's run has done; 0 while the run is still being built (a
    worker builds it: waiting for `iteration(dash) >= n` may start before it exists)."""
    run = screen.source.run
    return 0 if run is None else run.snapshot().iteration


def training_threads() -> list[threading.Thread]:
    """Threads whose stack is inside the training loop right now."""
    frames = sys._current_frames()
    out = []
    for t in threading.enumerate():
        f = frames.get(t.ident or -1)
        while f is not None:
            if f.f_code.co_filename.endswith("nntui/pipeline/drive.py"):
                out.append(t)
                break
            f = f.f_back
    return out


def endless_app(presets: Mapping[str, Preset], **kw: Any) -> NNTuiApp:
    """The picker over ``presets``, tiny-race set to train until stopped."""
    # Throttled (~60 it/s): Pilot waits for an idle process after each key press, which a
    # full-speed training thread never gives it.
    app = NNTuiApp(presets=presets, frozen_clock=True, auto_report=False, speed=3, **kw)
    app.session.settings["tiny-race"] = {"iterations": ENDLESS, "lr": 0.1, "hidden": (16, 16)}
    return app


def request_of(preset: Preset, *, seed: int = 0, dataset: str | None = None,
               **settings: object) -> RunRequest:
    """``preset`` resolved with ``settings`` given as `--set` gives them (text)."""
    config = preset.resolve(seed=seed, dataset=dataset,
                            overrides={k: str(v) for k, v in settings.items()})
    return RunRequest(preset, config)


def dashboard_app(preset: str | Preset = "tiny-race", *,
                  presets: Mapping[str, Preset] | None = None, seed: int = 0,
                  dataset: str | None = None, config: RunConfig | None = None,
                  run: Run | None = None, out: Path | None = None,
                  frozen_clock: bool = True, auto_report: bool = False,
                  speed: int | None = None, demo_clock: bool = False, lang: str | None = None,
                  terminal_mode: TerminalMode | None = None, **settings: object) -> NNTuiApp:
    """An app opening straight into the dashboard of ``preset`` (a name in ``presets``,
    else in the built-in catalog, or the Preset), with ``settings`` as `--set` overrides:
    what `nntui run PRESET --set k=v` starts (``config``: a resolved one instead, e.g. a
    saved run's). Frozen clock and no auto report unless said."""
    if isinstance(preset, str):
        catalog = presets if presets is not None and preset in presets else PRESETS
        preset = catalog[preset]
    request = (RunRequest(preset, config) if config is not None else
               request_of(preset, seed=seed, dataset=dataset, **settings))
    return NNTuiApp(presets=presets, start=request, run=run, out=out,
                    frozen_clock=frozen_clock, auto_report=auto_report, speed=speed,
                    demo_clock=demo_clock, lang=lang, terminal_mode=terminal_mode)


@asynccontextmanager
async def open_dashboard(preset: str | Preset = "tiny-race", *,
                         size: tuple[int, int] = (80, 24), **kw: Any
                         ) -> AsyncIterator[tuple[Pilot, DashboardScreen]]:
    """``async with open_dashboard("tiny-race", iterations=40) as (pilot, dash):`` the
    app of `dashboard_app(preset, **kw)` running at ``size``, its dashboard on top."""
    app = dashboard_app(preset, **kw)
    async with app.run_test(size=size) as pilot:
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        yield pilot, dash
