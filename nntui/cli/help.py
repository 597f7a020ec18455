"""The click command tree of one invocation, made ready for the chosen language.

`prepare_tree` gives every command `--lang` (read before click parses anything, so it may
stand anywhere on the line) and, as its line in the list of commands, its whole first
sentence (click cuts it at 45 characters, inside a `code span` if need be; ours wraps).

Typer evaluates help texts when the modules are imported, before the language is known, so
they are written in English and marked with `N_()`; in another language `translate_tree`
replaces them, and gives every command a context whose formatter writes click's own words
("Usage:", "Options", "[default: 0]") in that language and wraps text by terminal cells
(click's wrapper counts characters: a Japanese line would run twice as wide as the
terminal).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import typer

from nntui.i18n import N_, _, cells, linebreak, pgettext

#: click's help option, created per context with its own English text.
HELP_OPTION = N_("Show this message and exit.")
#: `--lang`'s help, on the root and on every command.
LANG_HELP = N_("Language of everything shown: en or ja (default: from LANG).")
#: A help text's first sentence: up to a full stop and a capital, or a Japanese 。.
_FIRST_SENTENCE = re.compile(r"(?<=\.)\s+(?=[A-Z])|(?<=。)")
#: What Typer and click append to an option's help, e.g. "[default: 0; required]".
_EXTRA = re.compile(r"\s*\[([^\[\]]*)\]$")
def wrap_cells(text: str, width: int) -> list[str]:
    """`text` (one paragraph) broken into lines of at most `width` terminal cells, with the
    dashboard's line breaking (`nntui.i18n.linebreak`: Japanese between phrases, never
    before 、。） nor after （「)."""
    return linebreak.wrap(text, width)


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _extra(item: str) -> str:
    """One of Typer's "[…]" items ("default: 0", "required", "env var: X") translated."""
    key, sep, value = item.partition(": ")
    if key == "default" and sep:
        return pgettext("help", "default: {value}").format(value=value)
    if key == "env var" and sep:
        return pgettext("help", "env var: {name}").format(name=value)
    if item == "required":
        return pgettext("help", "required")
    return item


def _help_text(text: str) -> str:
    """An option's help as Typer built it: its text (translated by `translate_tree`, or
    click's help option) and the "[…]" it appended, both in the active language."""
    extra = _EXTRA.search(text)
    body = text[:extra.start()] if extra else text
    if body.strip() == HELP_OPTION:
        body = _(HELP_OPTION)
    if extra:
        items = [_extra(i.strip()) for i in extra.group(1).split(";")]
        body += "  [" + "; ".join(items) + "]"
    return body


#: The click Typer runs on (Typer 0.2x vendors its own copy): its Context and formatter.
_HelpFormatter = typer.Context.formatter_class


class LocalizedFormatter(_HelpFormatter):  # type: ignore[misc,valid-type]
    """click's help formatter with its words translated and its text wrapped by cells."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        headings = {"Options": pgettext("help", "Options"),
                    "Arguments": pgettext("help", "Arguments"),
                    "Commands": pgettext("help", "Commands")}
        with super().section(headings.get(name, name)):
            yield

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 11)
        for i, paragraph in enumerate(_paragraphs(text)):
            if i:
                self.write("\n")
            for line in wrap_cells(paragraph, width):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((cells.width(r[0]) for r in rows), default=0), col_max)
        first_col += col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells.width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells.width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_cells(_help_text(second), text_width) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class LocalizedContext(typer.Context):
    formatter_class = LocalizedFormatter


Command = typer.core.TyperCommand | typer.core.TyperGroup


def _tree(command: Command) -> Iterator[Command]:
    """`command` and every command under it (a group's commands, theirs, ...)."""
    yield command
    for sub in (getattr(command, "commands", None) or {}).values():
        yield from _tree(sub)


def prepare_tree(command: Command, lang: str) -> None:
    """Ready the tree under `command` (built anew for each invocation) for the language
    `lang`: `--lang` on every command, the first sentence as the short help, and in a
    language other than English every text translated (`translate_tree`)."""
    if lang != "en":
        translate_tree(command)
    for cmd in _tree(command):
        # Our formatter in English too: click's wraps inside a `code span`.
        cmd.context_class = LocalizedContext
        if not any(p.name == "lang" for p in cmd.params):
            # Not passed to the command: the root chose the language from it already.
            cmd.params.append(typer.core.TyperOption(
                param_decls=["--lang"], expose_value=False, help=_(LANG_HELP)))
        if cmd.help:
            cmd.short_help = _FIRST_SENTENCE.split(cmd.help.strip(), maxsplit=1)[0]


def translate_tree(command: Command) -> None:
    """Translate the help texts of `command` and of every command under it, in place, and
    format their help with `LocalizedFormatter`."""
    for cmd in _tree(command):
        cmd.context_class = LocalizedContext
        if cmd.help:
            cmd.help = _(cmd.help)
        for param in cmd.params:
            text = getattr(param, "help", None)
            if text:
                param.help = _(text)  # type: ignore[attr-defined]
