"""What screens ask of the App. Screens post these (they bubble to the App) instead of
calling back into it, so no screen imports the App and the App alone navigates."""

from __future__ import annotations

from textual.message import Message


class StartRequested(Message):
    """Start ``preset`` on ``dataset`` (None: the preset's default) with ``seed``, using the
    settings the session holds for it."""

    def __init__(self, preset: str, dataset: str | None, seed: int) -> None:
        super().__init__()
        self.preset = preset
        self.dataset = dataset
        self.seed = seed


class BackRequested(Message):
    """Leave the current screen (the dashboard) for the one below it."""
