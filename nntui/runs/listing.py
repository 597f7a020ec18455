"""The run history as a table: one row of text cells per run (`nntui runs`, the picker's
Runs screen), fitted to a width, and as JSON (`nntui runs --json`).

Cells are in the active language and measured in terminal cells (`nntui.i18n.cells`).
Nothing here opens more than a run's record (run.json): the list of a thousand runs
reads a thousand small files and no more.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from nntui.i18n import _, join_list, pgettext
from nntui.i18n.cells import clip, table, width
from nntui.runs.history import RunRecord

#: Narrowest the two free-text columns (changed settings, accuracies) get when a table
#: must fit a width: past that, the table is wider than asked rather than unreadable.
MIN_TEXT = 12


def status_word(status: str) -> str:
    """A record's status in the active language (the words of the dashboard's status line,
    in the same "status" context)."""
    words = {"running": pgettext("status", "running"), "done": pgettext("status", "done"),
             "stopped": pgettext("status", "stopped"), "failed": pgettext("status", "failed"),
             "diverged": pgettext("status", "diverged"),
             "interrupted": pgettext("status", "interrupted"),
             "incomplete": pgettext("status", "incomplete")}
    return words.get(status, status)


def when(started: float, now: float | None = None) -> str:
    """A run's start for a list: "12-07 18:45" this year, "2025-12-07" before."""
    t, today = time.localtime(started), time.localtime(now if now is not None else time.time())
    return (time.strftime("%m-%d %H:%M", t) if t.tm_year == today.tm_year
            else time.strftime("%Y-%m-%d", t))


def duration(seconds: float) -> str:
    """"0:42", "12:05", "1:02:03"."""
    if not math.isfinite(seconds):
        return "--"
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def seeds_text(seeds: Sequence[int]) -> str:
    """"3" for one seed, "3–5" for consecutive ones, else "3,7,9"."""
    if len(seeds) == 1:
        return str(seeds[0])
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}–{seeds[-1]}"
    return ",".join(map(str, seeds))


def changed_text(record: RunRecord, first: Sequence[str] = ()) -> str:
    """The settings that differ from the preset's defaults, "dropout=0.3 lr=0.1"; "--book"
    first when the run started from the book's setting; "—" when none does. Settings named
    in ``first`` (`varying`: those that tell the listed runs apart) come before the others,
    so a column cut at 80 columns keeps them."""
    rank = {k: i for i, k in enumerate(first)}
    items = sorted(record.changed.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    parts = (["--book"] if record.book else []) + [f"{k}={v}" for k, v in items
                                                   if k != "seeds"]
    return " ".join(parts) or "—"


def varying(records: Sequence[RunRecord]) -> tuple[str, ...]:
    """The changed settings whose value is not the same in every one of ``records``
    (absent counts as a value): what tells them apart in a list, those with the most
    distinct values first, then those fewer runs changed (the rarer, the more telling)."""
    keys = dict.fromkeys(k for r in records for k in r.changed)
    counts = {k: len({r.changed.get(k) for r in records}) for k in keys}
    uses = {k: sum(k in r.changed for r in records) for k in keys}
    return tuple(sorted((k for k in keys if counts[k] > 1),
                        key=lambda k: (-counts[k], uses[k])))


def accuracy_text(record: RunRecord, *, names: bool = True) -> str:
    """Each series' final test accuracy in the series' order, "SGD .812 Adam .951"
    (``names`` False: the numbers alone); "—" where a run has none (yet)."""
    parts = []
    for name in record.series:
        acc = record.test_acc.get(name)
        value = "—" if acc is None else f"{acc:.3f}".removeprefix("0")
        parts.append(f"{_(name)} {value}" if names and len(record.series) > 1 else value)
    if not any(record.test_acc.get(n) is not None for n in record.series):
        return "—"
    return join_list(parts) if names else " ".join(parts)


def best_text(record: RunRecord) -> str:
    """The best series' final test accuracy, ".983 Adam" (the number first, so that a cut
    keeps it; the number alone for a run of one series; "—" where none is measured): what
    a narrow list shows under "best test acc" when every series' figure would be cut."""
    measured = [(acc, name) for name in record.series
                if (acc := record.test_acc.get(name)) is not None]
    if not measured:
        return "—"
    acc, name = max(measured, key=lambda m: m[0])
    value = f"{acc:.3f}".removeprefix("0")
    return f"{value} {_(name)}" if len(record.series) > 1 else value


def header() -> list[str]:
    return [_("id"), _("when"), _("preset"), _("dataset"), _("seed"), _("changed settings"),
            _("test acc"), _("time"), _("status")]


def row(record: RunRecord, short: str, now: float | None = None,
        first: Sequence[str] = ()) -> list[str]:
    """One run's cells under `header` (``first``: as `changed_text` takes it)."""
    return [short, when(record.started, now), record.preset, record.dataset or "—",
            seeds_text(record.seed_list), changed_text(record, first), accuracy_text(record),
            duration(record.elapsed_s), status_word(record.effective_status())]


#: The free-text columns `fit` narrows first: changed settings, then test accuracy.
_CHANGED, _ACC = 5, 6


#: The columns a narrow list leaves out, first to last: time, when, seed.
NARROW_DROPS = (7, 1, 4)


def fit_narrow(rows: list[list[str]], cells: int, best: Sequence[str] = ()) -> list[str]:
    """`fit`, leaving out the NARROW_DROPS columns one by one while the table is wider
    than ``cells`` (the Runs screen at 80 columns keeps id, preset, dataset, changed
    settings, accuracies and status). Where the changed settings are cut their header is
    "changed"; ``best``: each run's `best_text`, shown under "best test acc" where the
    accuracies would be cut too (a cut "no dropout .…" shows no figure at all)."""
    keep = list(range(len(rows[0])))
    for drop in (None, *NARROW_DROPS):
        if drop is not None:
            keep.remove(drop)
        kept = [[r[i] for i in keep] for r in rows]
        over = max(map(width, table(kept))) - cells
        changed_room, acc_room = (max(0, max(width(r[keep.index(c)]) for r in kept) - MIN_TEXT)
                                  for c in (_CHANGED, _ACC))
        if over <= changed_room + acc_room:  # `fit` cuts the two free-text columns to it
            break
    header = list(rows[0])
    if over > 0:
        header[_CHANGED] = _("changed")
    accs = [r[_ACC] for r in rows[1:]]
    if best and over > changed_room:
        header[_ACC], accs = _("best test acc"), list(best)
    shown = [header, *([*r[:_ACC], a, *r[_ACC + 1:]] for r, a in zip(rows[1:], accs))]
    return fit([[r[i] for i in keep] for r in shown], cells,
               keep.index(_CHANGED), keep.index(_ACC))


def fit(rows: list[list[str]], cells: int | None, changed: int = 5, acc: int = 6
        ) -> list[str]:
    """``rows`` (the header first) as aligned lines of at most ``cells`` terminal cells
    where they can be: the changed settings and then the accuracies (columns ``changed``,
    ``acc``) are cut (…) down to MIN_TEXT; None: as wide as they are."""
    lines = table(rows)
    if cells is None or not lines or max(map(width, lines)) <= cells:
        return lines
    over = max(map(width, lines)) - cells
    for column in (changed, acc):
        widest = max(width(r[column]) for r in rows)
        cut = min(over, max(0, widest - MIN_TEXT))
        if cut:
            keep = widest - cut
            rows = [[clip(c, keep) if i == column else c for i, c in enumerate(r)]
                    for r in rows]
            over -= cut
        if over <= 0:
            break
    return table(rows)


def record_json(record: RunRecord, short: str) -> dict[str, Any]:
    """One run for `nntui runs --json` (status as read: "incomplete" for a killed run)."""
    return {
        "id": record.id, "short": short, "status": record.effective_status(),
        "started": record.started, "ended": record.ended, "folder": str(record.folder),
        "preset": record.preset, "title": record.title, "file": record.file,
        "dataset": record.dataset, "seeds": list(record.seed_list), "book": record.book,
        "changed": dict(record.changed), "series": list(record.series),
        "test_acc": dict(record.test_acc), "test_sd": dict(record.test_sd),
        "iteration": record.iteration, "total": record.total, "unit": record.unit,
        "elapsed_s": record.elapsed_s,
    }


def differing(records: Sequence[RunRecord], configs: Sequence[dict[str, Any]]
              ) -> list[str]:
    """The settings every run has whose values are not the same in every run
    (config.json's ``params``), plus preset, dataset, seed and --book where those differ:
    the columns of a comparison."""
    keys: list[str] = []
    for name, values in (("preset", [r.preset for r in records]),
                         ("dataset", [r.dataset for r in records]),
                         ("seed", [seeds_text(r.seed_list) for r in records]),
                         ("book", [r.book for r in records])):
        if len(set(values)) > 1:
            keys.append(name)
    # Settings every run has: a setting of one preset only says nothing of the others.
    params = [k for k in (configs[0].get("params", {}) if configs else {})
              if all(k in c.get("params", {}) for c in configs)]
    for k in params:
        values = [repr(c.get("params", {}).get(k)) for c in configs]
        if len(set(values)) > 1 and k != "seeds":
            keys.append(k)
    return keys


def setting_text(key: str, record: RunRecord, config: dict[str, Any]) -> str:
    """The value of ``key`` (a `differing` column) in one run, as text."""
    if key == "preset":
        return record.preset
    if key == "dataset":
        return record.dataset
    if key == "seed":
        return seeds_text(record.seed_list)
    if key == "book":
        return _("yes") if record.book else _("no")
    value = config.get("params", {}).get(key)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def compared_line(short: str, keys: Sequence[str], record: RunRecord,
                  config: dict[str, Any]) -> str:
    """"3fa9 dropout=0.3 lr=0.1": a compared run with its differing settings."""
    values = [f"{k}={setting_text(k, record, config)}" for k in keys]
    return f"{short} " + (join_list(values) if values else _("(same settings)"))
