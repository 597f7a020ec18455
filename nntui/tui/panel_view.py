"""What every dashboard panel is given besides the snapshot: how the user looks at the run
(`PanelView`), and the `Panel` protocol every panel widget follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from nntui.core.snapshot import Snapshot
from nntui.tui.ghost_view import GhostRun


@dataclass(frozen=True)
class PanelView:
    """How the user looks at the run: the focused series, the loss smoothing weight
    (0 = raw) and the panels they hid."""

    focus: int = 0
    smoothing: float = 0.0
    hidden: frozenset[str] = frozenset()
    #: Histograms on one x range for every layer (else each layer its own); None: the
    #: preset's default (`PresetView.histogram_range`).
    shared_range: bool | None = None
    #: The histogram row: "now" (the latest histograms) or a kind of `HISTORY_KINDS` over
    #: time (`w` steps through the kinds the run records).
    histogram_view: str = "now"
    #: Another run drawn dotted under the line panels' curves (`c`), or None.
    ghost: GhostRun | None = None
    #: The gradient-flow panel: "norm" (‖∂L/∂W‖) or "ratio" (‖ΔW‖/‖W‖), `u`.
    gradient_view: str = "norm"


@runtime_checkable
class Panel(Protocol):
    def update(self, snapshot: Snapshot, view: PanelView) -> None:
        """Show ``snapshot`` as ``view`` asks; a no-op when nothing changed."""
        ...

    def reset(self) -> None:
        """Forget the shown data (a restarted run starts empty)."""
        ...


def focus_of(snap: Snapshot, view: PanelView) -> int:
    return view.focus % max(1, len(snap.series))
