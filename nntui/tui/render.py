"""Render a saved run's final dashboard without a terminal (`nntui export --svg`).

The run directory's replay.npz is loaded as a ReplayRun standing at its end and shown in
the ordinary live `DashboardScreen` (not the replay one: same keys, same head line), in a
headless Textual app of the requested size; the SVG is that screen, so it matches a
screenshot the live run would have taken when it finished.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.runs.replay import load_replay
from nntui.tui.app import NNTuiApp

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.presets.base import Preset
    from nntui.presets.params import RunConfig


class _FinalApp(NNTuiApp):
    def _open_dashboard(self, config: RunConfig, run: Run | None) -> None:
        from nntui.tui.screens.dashboard import DashboardScreen

        preset = self.session.presets[config.preset]
        self.push_screen(DashboardScreen(preset, config, self.session, run=run))


def final_svg(run_dir: Path, size: tuple[int, int], *,
              presets: Mapping[str, Preset] | None = None, timeout: float = 30.0) -> str:
    """The SVG of ``run_dir``'s final dashboard at ``size`` (columns, rows)."""
    return asyncio.run(render_final_svg(run_dir, size, presets, timeout))


async def render_final_svg(run_dir: Path, size: tuple[int, int],
                           presets: Mapping[str, Preset] | None = None,
                           timeout: float = 30.0) -> str:
    """`final_svg` inside a running event loop."""
    from nntui.tui.screens.dashboard import DashboardScreen

    config, run = load_replay(run_dir)
    run.seek(run.end)
    if presets is not None and config.preset not in presets or (
            presets is None and _unknown_preset(config.preset)):
        from nntui.runs.replay import ReplayError

        raise ReplayError(_("{run_dir} is a run of {preset!r}, which this nntui does not "
                            "know").format(run_dir=run_dir, preset=config.preset))
    app = _FinalApp(presets=presets, start=config, run=run, auto_report=False)
    async with app.run_test(size=size) as pilot:
        deadline = time.monotonic() + timeout
        while True:
            screen = app.screen
            if isinstance(screen, DashboardScreen) and screen.state in ("done", "failed"):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(_("the dashboard did not reach the end of the run"))
            await pilot.pause(0.02)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return app.export_screenshot(title=f"nntui · {config.preset}")


def _unknown_preset(name: str) -> bool:
    from nntui.presets import PRESETS

    return name not in PRESETS
