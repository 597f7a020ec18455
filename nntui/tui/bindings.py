"""Key descriptions (footer, help) in the language of the App.

Textual's `Binding`s are class attributes (`BINDINGS`), built when the module is imported,
before the language is known, and the same classes serve apps of both languages in one
process (tests). So descriptions and tooltips are written in English and only marked with
`N_()`; each node gets translated copies when it is constructed: `DOMNode.__init__` copies
the class's merged bindings into a per-instance map (private: `textual_seam.node_bindings`),
which is what the footer (through `Screen.active_bindings`) and the key dispatch read, so
replacing that map translates the footer without touching the class (the next App, in
another language, sees the English originals again).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap

from nntui.i18n import _
from nntui.tui.textual_seam import node_bindings, set_node_bindings


def translated_binding(binding: Binding) -> Binding:
    """`binding` with its description and tooltip in the active language."""
    return replace(binding, description=_(binding.description), tooltip=_(binding.tooltip))


def translated_map(bindings: BindingsMap) -> BindingsMap:
    """A copy of `bindings` with every description and tooltip translated."""
    out = BindingsMap()
    out.key_to_bindings = {key: [translated_binding(b) for b in group]
                           for key, group in bindings.key_to_bindings.items()}
    return out


def translate_bindings(node: object) -> None:
    """Replace `node`'s own bindings (a Textual DOMNode's `_bindings`) with translated
    copies. Called once the language is set: by `TranslatedBindings` on construction, by
    the App right after it chose its language."""
    set_node_bindings(node, translated_map(node_bindings(node)))


class TranslatedBindings:
    """Mixin (before the Textual class) for a screen or widget whose BINDINGS show in the
    footer: its instances carry the translated descriptions."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)
