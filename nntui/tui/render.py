"""Render a saved run's final dashboard without a terminal (`nntui export --svg`).

The run directory's replay.npz is loaded as a ReplayRun standing at its end and shown in
the dashboard as a live run (`LiveSource`, not the replay's: same keys, same head line), in a
headless Textual app of the requested size; the SVG is that screen, so it matches a
screenshot the live run would have taken when it finished, laid out cell by cell in a local
monospace font stack (`svg_cells`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import _
from nntui.pipeline.request import RunRequest
from nntui.runs.replay import load_replay
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.sources import LiveSource
from nntui.tui.svg_cells import cell_aligned

if TYPE_CHECKING:
    from nntui.core.run import Run
    from nntui.presets.base import Preset


class _FinalApp(NNTuiApp):
    """Shows the replay as a live dashboard that has just finished (no replay keys)."""

    def _open_dashboard(self, request: RunRequest, run: Run | None) -> None:
        self.push_screen(DashboardScreen(LiveSource(request, run=run), self.session))


def final_svg(run_dir: Path, size: tuple[int, int], *,
              presets: Mapping[str, Preset] | None = None, timeout: float = 30.0) -> str:
    """The SVG of ``run_dir``'s final dashboard at ``size`` (columns, rows)."""
    return asyncio.run(render_final_svg(run_dir, size, presets, timeout))


async def render_final_svg(run_dir: Path, size: tuple[int, int],
                           presets: Mapping[str, Preset] | None = None,
                           timeout: float = 30.0) -> str:
    """`final_svg` inside a running event loop."""
    preset, config, run = load_replay(run_dir, presets)
    run.seek(run.end)
    app = _FinalApp(presets=presets, start=RunRequest(preset, config), run=run,
                    auto_report=False)
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
        # Laid out cell by cell in a local monospace stack: rsvg-convert too (svg_cells).
        return cell_aligned(app.export_screenshot(title=f"nntui · {config.preset}"))

