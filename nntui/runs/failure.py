"""An exception inside training, as the user reads it and as the run directory records it.

Headless prints `failure.message()` (one line, exit code 1); the dashboard shows it in the
status line and a notice and stays usable; with `--out` (headless) or `e` (dashboard) the
run directory gets the results so far, `summary.json` gains `"failed": {"iteration",
"error"}` and `traceback.txt` holds the full traceback.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any

from nntui.i18n import _


@dataclass(frozen=True)
class RunFailure:
    """preset: its name; iteration: the 1-based step that raised (steps done + 1);
    total: the budget; error: "Type: message" (first line); traceback: the full text."""

    preset: str
    iteration: int
    total: int
    error: str
    traceback: str

    def message(self) -> str:
        """`optimizer-race failed in iteration 13 of 2000: ValueError: boom`."""
        return _("{preset} failed in iteration {iteration} of {total}: {error}").format(
            preset=self.preset, iteration=self.iteration, total=self.total, error=self.error)

    def to_json(self) -> dict[str, Any]:
        return {"iteration": self.iteration, "total": self.total, "error": self.error}


def failure_of(preset: str, run: object | None, exc: BaseException) -> RunFailure:
    """Describe `exc`, raised while `run` stepped (run None: while it was built)."""
    done = getattr(run, "iteration", None)
    if done is None and run is not None:
        try:
            done = run.snapshot().iteration  # type: ignore[attr-defined]
        except Exception:  # the run is broken: the count is unknown, say 0 done
            done = 0
    total = int(getattr(run, "total", 0) or 0)
    lines = str(exc).strip().splitlines()
    error = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return RunFailure(preset, int(done or 0) + 1, total, error, text)
