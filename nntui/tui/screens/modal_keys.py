"""App keys that must also work over a modal screen (the final report, help).

Textual checks only the modal screen's own bindings, not the App's, while a modal screen
is open (`Screen._modal_binding_chain`): the App's `S` (screenshot), `q` and `ctrl+c`
(quit) would do nothing there. Modal screens add these to their BINDINGS; ctrl+s is a
priority binding of the App and needs no copy.
"""

from __future__ import annotations

from textual.binding import Binding

from nntui.i18n import N_

MODAL_APP_KEYS: list[Binding] = [
    Binding("S", "app.screenshot", N_("Screenshot"), show=False,
            tooltip=N_("save a screenshot (SVG)")),
    Binding("q", "app.quit", N_("Quit")),  # q quits from every screen
    Binding("ctrl+c", "app.interrupt", N_("Interrupt"), show=False,
            tooltip=N_("quit now, exit code 130")),
]
