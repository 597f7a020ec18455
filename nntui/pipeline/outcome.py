"""How a run session ended (`Outcome`) and who watches it (`RunObserver`): the vocabulary
of `nntui.pipeline.session`, apart so that an observer (the run history,
`nntui.pipeline.history`; headless progress) need not import the session that calls it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nntui.pipeline.exit_codes import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from nntui.pipeline.interrupts import exit_code_of

if TYPE_CHECKING:
    from nntui.core.run import FinalReport, Run
    from nntui.pipeline.request import RunRequest
    from nntui.runs.failure import RunFailure

#: How a session ended (`Outcome.state`).
DONE, STOPPED, FAILED, BAD_INPUT, INTERRUPTED, CANCELLED = (
    "done", "stopped", "failed", "bad_input", "interrupted", "cancelled")


@dataclass(frozen=True)
class Outcome:
    """How one session ended. ``run``: the run (None when building failed); ``report``: the
    held-out report of a finished run (None if it has none or computing it failed);
    ``failure``: what training raised; ``error``: the one line for the user (bad input, a
    failure); ``trace``: the traceback text of an unexpected exception (NNTUI_DEBUG);
    ``interrupt``: the Ctrl-C or signal that ended it."""

    state: str
    run: Run | None = None
    report: FinalReport | None = None
    failure: RunFailure | None = None
    error: str | None = None
    trace: str | None = None
    interrupt: KeyboardInterrupt | None = None

    @property
    def all_diverged(self) -> bool:
        """Every series' loss became NaN or inf: a run that failed, though it ended."""
        if self.run is None:
            return False
        series = self.run.snapshot().series
        return bool(series) and all(s.diverged for s in series)

    @property
    def exit_code(self) -> int:
        """0 done or stopped, 1 failed (or every series diverged), 2 bad input, 128 + the
        signal's number when interrupted."""
        if self.state == BAD_INPUT:
            return EXIT_USAGE
        if self.state == INTERRUPTED:
            return exit_code_of(self.interrupt)
        if self.state == FAILED or self.all_diverged:
            return EXIT_FAILED
        return EXIT_OK


class RunObserver:
    """Sees a session's run: `started` once it is built, `stepped` after every step (only
    when `wants_steps`: a per-step call costs the loop), `ended` with the outcome. Override
    what you need; each is called on the session's thread."""

    wants_steps = False

    def started(self, request: RunRequest, run: Run) -> None:
        """The run is built and about to step."""

    def stepped(self, run: Run) -> None:
        """One step was done (rate-limit anything costly)."""

    def ended(self, request: RunRequest, outcome: Outcome) -> None:
        """The session is over (the run is closed; its snapshot still reads)."""
