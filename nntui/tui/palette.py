"""Textual's command palette (ctrl+p): where a Textual user looks for what an app can do.

Its commands come from the providers in `PROVIDERS`:

- `PresetCommands`: start a built-in preset (as the picker's enter does: its dataset, seed
  and settings from the session);
- `ExperimentFileCommands`: run one of the experiment files the picker offers;
- `ScreenCommands`: the keys of the screen it was opened on (a dashboard: its source's),
  then the App's, each named with its key, so the palette teaches the keys too;
- `RunCommands`: the newest runs of the history, found by any part of their title (short
  id, preset), each with what a learner does with a past run: "Replay run 3fa9 ·
  dropout" (as `nntui replay`), "Compare run 3fa9 · dropout with this run (c1d2)" (on a
  live dashboard: the run on screen, as far as its history has it), "… with the last run
  (c1d2)" (the newest other run), "Show run 3fa9 · dropout in your runs" (the Runs
  screen filtered to it). The App opens them (`SavedRunsChosen`, `RunsRequested`), as
  from the Runs screen; the history is read once per palette, when it opens.

A new kind of command is one more `Provider` in `PROVIDERS`. Every title is in the App's
language.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider

from nntui.experiments.catalog import source_path
from nntui.i18n import _
from nntui.runs import listing
from nntui.runs.history import RunRecord, records, short_ids
from nntui.tui.messages import RunsRequested, SavedRunsChosen

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


#: The newest runs the palette offers (older ones: the Runs screen, `p`).
RECENT = 40
#: Runs whose commands the palette lists before anything is typed.
DISCOVERED = 3


def current_record(screen: object, found: list[RunRecord]) -> RunRecord | None:
    """The history's record of the run a live dashboard shows (this process's, of its
    preset, started since its source started); None elsewhere (a replay, the picker)."""
    source = getattr(screen, "source", None)
    started = getattr(source, "started_at", None)
    request = getattr(source, "request", None)
    if started is None or request is None or hasattr(source, "replay"):
        return None
    pid = os.getpid()
    for r in found:  # newest first
        if r.pid == pid and r.preset == request.preset.name and r.started >= started - 1:
            return r
    return None


def about(record: RunRecord) -> str:
    """A run's help line under its commands: preset · dataset · changed · accuracy · when."""
    return " · ".join((record.preset, record.dataset or "—", listing.changed_text(record),
                       listing.accuracy_text(record), listing.when(record.started),
                       listing.status_word(record.effective_status())))


class RunCommands(_Commands):
    """The newest runs of the history (module doc)."""

    found: list[RunRecord] = []

    async def startup(self) -> None:
        self.found = records()

    def commands(self, limit: int = RECENT) -> Iterator[Command]:
        found = self.found
        shorts = short_ids(r.id for r in found)
        current = current_record(self.screen, found)
        post = self.app.post_message
        for record in found[:limit]:
            run, preset = shorts[record.id], record.preset
            text = about(record)
            yield (_("Replay run {run} · {preset}").format(run=run, preset=preset), text,
                   partial(post, SavedRunsChosen((record.id,))))
            if current is not None and current.id != record.id:
                yield (_("Compare run {run} · {preset} with this run ({current})").format(
                    run=run, preset=preset, current=shorts[current.id]), text,
                    partial(post, SavedRunsChosen((record.id, current.id))))
            last = next((r for r in found if r.id != record.id), None)
            if last is not None and last is not current:
                yield (_("Compare run {run} · {preset} with the last run ({last})").format(
                    run=run, preset=preset, last=shorts[last.id]), text,
                    partial(post, SavedRunsChosen((record.id, last.id))))
            yield (_("Show run {run} · {preset} in your runs").format(run=run, preset=preset),
                   text, partial(post, RunsRequested(record.id)))  # whole: no other row has it

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands(DISCOVERED):
            yield DiscoveryHit(title, callback, help=help_text)


#: The palette's providers (App.COMMANDS).
PROVIDERS = (PresetCommands, ExperimentFileCommands, ScreenCommands, RunCommands)
