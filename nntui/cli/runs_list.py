"""`nntui runs` (the list) without Typer: the lines it prints (`list_lines`, which the
Typer command prints too) and the fast way in (`fast_list`).

Typer and its click take 100-250 ms to import here, more than reading a thousand runs
through the index: `nntui runs` alone costs a learner that wait each time. So the console
script (`nntui.entry`) hands a plain list command line (`nntui [--lang X] runs` with the
list's own options, valid values) to `fast_list`, which prints what the Typer command
prints; anything else (``--help``, a subcommand, a bad value, an option it does not know)
returns None and goes through Typer as before, errors and all. A test runs the same
command lines both ways and compares the output.

Nothing here imports Typer, NumPy or Textual.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from nntui.i18n import _


@dataclass(frozen=True)
class ListOptions:
    """The list's options, as `nntui runs --help` names them; values already checked."""

    preset: str | None = None
    dataset: str | None = None
    status: str | None = None
    limit: int = 30
    every: bool = False
    as_json: bool = False


def terminal_width() -> int | None:
    """The width to fit the list to on a terminal; None (as wide as it is) in a pipe."""
    if not sys.stdout.isatty():
        return None
    import shutil  # only on a terminal

    return shutil.get_terminal_size().columns


def list_lines(opts: ListOptions, width: int | None) -> list[str]:
    """What `nntui runs` prints, line by line (the history's runs, newest first)."""
    # The history's modules load with the list, not with `nntui --help`.
    from nntui.runs import listing
    from nntui.runs.history import history_root, records, short_ids

    found = records()
    shorts = short_ids(r.id for r in found)
    shown = [r for r in found if (opts.preset is None or r.preset == opts.preset)
             and (opts.dataset is None or r.dataset == opts.dataset.lower())
             and (opts.status is None or r.effective_status() == opts.status)]
    total = len(shown)
    if not opts.every:
        shown = shown[:opts.limit]
    if opts.as_json:
        return [json.dumps([listing.record_json(r, shorts[r.id]) for r in shown],
                           ensure_ascii=False, indent=1)]
    if not found:
        return [_("No runs yet: every run you start is kept in {folder}.").format(
            folder=history_root())]
    if not shown:
        return [_("No run matches.")]
    first = listing.varying(shown) if width is not None else ()  # cut to fit: these first
    rows = [listing.header(), *(listing.row(r, shorts[r.id], first=first) for r in shown)]
    lines = listing.fit(rows, width)
    if len(shown) < total:
        lines.append(_("({shown} newest of {total} shown: --all shows them all)").format(
            shown=len(shown), total=total))
    return lines


#: Options that take a value, by every name they have, and the field they set.
_VALUED = {"--preset": "preset", "-p": "preset", "--dataset": "dataset", "-d": "dataset",
           "--status": "status", "--limit": "limit", "-n": "limit", "--lang": "lang"}
_FLAGS = {"--all": "every", "--json": "as_json"}


def parse_list(args: Sequence[str]) -> tuple[ListOptions, str | None] | None:
    """The list's options and ``--lang`` from a command line after the program name
    (``[--lang X] runs [options]``); None when it is anything else or holds a value
    the Typer command would refuse (it then says why)."""
    from nntui.runs.history import STATUSES  # the words --status takes

    args = list(args)
    lang: str | None = None
    if args[:1] == ["--lang"] and len(args) > 2:
        lang, args = args[1], args[2:]
    elif args[:1] and args[0].startswith("--lang="):
        lang, args = args[0].partition("=")[2], args[1:]
    if args[:1] != ["runs"]:
        return None
    values: dict[str, object] = {}
    rest = args[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        name, eq, inline = arg.partition("=")
        if arg in _FLAGS:
            values[_FLAGS[arg]] = True
            i += 1
            continue
        if name not in _VALUED or (eq and not name.startswith("--")):
            return None  # a subcommand, --help, an option the fast way does not know
        if eq:
            value, i = inline, i + 1
        elif i + 1 < len(rest) and not rest[i + 1].startswith("-"):
            value, i = rest[i + 1], i + 2
        else:
            return None
        values[_VALUED[name]] = value
    lang = str(values.pop("lang", lang)) if "lang" in values or lang else None
    try:
        limit = int(str(values.pop("limit", 30)))
    except ValueError:
        return None
    status = values.get("status")
    if limit < 1 or (status is not None and status not in STATUSES):
        return None
    return ListOptions(limit=limit, **values), lang  # type: ignore[arg-type]


def fast_list(args: Sequence[str]) -> int | None:
    """Print the list for a plain `nntui runs` command line (module doc) and return its
    exit code; None when the command line is not one (Typer takes it)."""
    parsed = parse_list(args)
    if parsed is None:
        return None
    opts, lang = parsed
    from nntui.i18n import pick_language, use_language  # the CLI's choice, as Typer's

    use_language(pick_language(lang))
    text = "".join(line + "\n" for line in list_lines(opts, terminal_width()))
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `nntui runs | head`: the reader has what it wanted
        import os  # only then: nothing more may reach the closed pipe at exit

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
