"""Every use of Textual's private API in nntui, in one place (written against Textual 8.2).

- `GatedUpdates`: the screen's per-frame update (``Screen._on_timer_update``) goes through
  a public-named hook, so a dashboard can hold training or a frame around it.
"""

from __future__ import annotations

from collections.abc import Callable


# -- screens ----------------------------------------------------------------------------------
class GatedUpdates:
    """Mixin (before the Textual Screen): Textual's per-frame screen update (layout,
    compositor, terminal output; ``Screen._on_timer_update``) runs through `gate_update`,
    which a subclass overrides to wrap or hold it back."""

    def gate_update(self, update: Callable[[], None]) -> None:
        update()

    def _on_timer_update(self) -> None:
        self.gate_update(super()._on_timer_update)  # type: ignore[misc]
