"""App keys that must also work over a modal screen (the final report, help).

Textual checks only the modal screen's own bindings, not the App's, while a modal screen
is open (`Screen._modal_binding_chain`): the App's `S` (screenshot), `q` and `ctrl+c`
(quit) would do nothing there. Modal screens add these to their BINDINGS; ctrl+s is a
priority binding of the App and needs no copy.
"""

from __future__ import annotations

from textual.binding import Binding

MODAL_APP_KEYS: list[Binding] = [
    Binding("S", "app.screenshot", "Screenshot", show=False,
            tooltip="save a screenshot (SVG)"),
    Binding("q", "app.quit", "Quit"),  # q quits from every screen
    Binding("ctrl+c", "app.interrupt", "Interrupt", show=False,
            tooltip="quit now, exit code 130"),
]
