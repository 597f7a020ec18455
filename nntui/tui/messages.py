"""What screens ask of the App. Screens post these (they bubble to the App) instead of
calling back into it, so no screen imports the App and the App alone navigates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from nntui.pipeline.request import RunChoices


class StartRequested(Message):
    """Start the run the user chose (preset, dataset, seed, typed settings): the App
    resolves it with `resolve_run`, as the command line does."""

    def __init__(self, choices: RunChoices) -> None:
        super().__init__()
        self.choices = choices


class BackRequested(Message):
    """Leave the current screen (the dashboard) for the one below it."""


class RunsRequested(Message):
    """Open the Runs screen: the run history (`nntui.runs.history`), filtered by
    ``query`` when given (as if typed)."""

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query = query


class SavedRunsChosen(Message):
    """Show saved runs (history ids or folders): one replayed, several compared."""

    def __init__(self, runs: tuple[str, ...]) -> None:
        super().__init__()
        self.runs = runs
