"""Textual's command palette (ctrl+p): where a Textual user looks for what an app can do.

Its commands come from the providers in `PROVIDERS`:

- `PresetCommands`: start a built-in preset (as the picker's enter does: its dataset, seed
  and settings from the session);
- `ExperimentFileCommands`: run one of the experiment files the picker offers;
- `ScreenCommands`: the keys of the screen it was opened on (a dashboard: its source's),
  then the App's, each named with its key, so the palette teaches the keys too.

A new kind of command (the run history's "open", "compare") is one more `Provider` in
`PROVIDERS`. Every title is in the App's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider

from nntui.experiments.catalog import source_path
from nntui.i18n import _

if TYPE_CHECKING:
    from nntui.presets.base import Preset

#: (title, help, callback) of one command.
Command = tuple[str, str, Callable[[], Any]]


class _Commands(Provider):
    """A provider of a fixed list of commands (`commands`), found by fuzzy match."""

    def commands(self) -> Iterator[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class PresetCommands(_Commands):
    """Start a built-in preset."""

    files = False

    def commands(self) -> Iterator[Command]:
        start: Callable[[Preset], None] = self.app.start_preset  # type: ignore[attr-defined]
        for preset in self.app.session.presets.values():  # type: ignore[attr-defined]
            path = source_path(preset)
            if (path is not None) != self.files:
                continue
            if path is None:
                title = _("Start: {title}").format(title=_(preset.title))
                about = preset.name
            else:
                title = _("Run experiment file: {name}").format(name=preset.name)
                about = str(path)
            yield title, about, partial(start, preset)


class ExperimentFileCommands(PresetCommands):
    """Run an experiment file (the user's folder, `--experiments`, the one named)."""

    files = True


class ScreenCommands(_Commands):
    """The keys of the screen the palette was opened on, then the App's."""

    def commands(self) -> Iterator[Command]:
        from nntui.tui.screens.help import key_display  # on ctrl+p, not at first paint

        screen, app = self.screen, self.app
        own = getattr(screen, "help_bindings", lambda: type(screen).BINDINGS)()
        seen: set[str] = set()
        for node, bindings in ((screen, own), (app, app.BINDINGS)):
            for binding in bindings:
                _namespace, name, params = parse(binding.action)
                if binding.action in seen or name == "command_palette":
                    continue
                if node.check_action(name, params) is False:  # not here, not now
                    continue
                seen.add(binding.action)
                keys = binding.key_display or key_display(binding.key.split(",")[0])
                title = f"{_(binding.description)} ({keys})"
                yield title, _(binding.tooltip), partial(app.run_action, binding.action,
                                                         node)


#: The palette's providers (App.COMMANDS).
PROVIDERS = (PresetCommands, ExperimentFileCommands, ScreenCommands)
