"""Read an experiment file: TOML -> a validated, frozen `ExperimentDef`, or one message.

Every problem becomes a `ConfigError` (a `UserError`, so front ends say it as
one line and exit 2) that names the file, the line, the key and what is allowed:

    exp.toml:9: [[series]] 2 ("Adam"): unknown key 'learning_rate' (did you mean 'lr'?);
    a series may set: name, optimizer, lr, ...

Line numbers: `tomllib` reports a line only for syntax errors (in its message, "at line N,
column M"); for a key it gives none, so `key_line` finds it by scanning the text: it walks
the lines, tracking which table it is in (the top level, the n-th `[[series]]`, any other
`[table]`), and returns the first line of that table whose key (bare or quoted) is the one
asked for. A key written inside a multi-line string or array that happens to look like
`key = ...` could mislead it; the table's header line (or line 1) is the fallback.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from nntui.experiments.schema import (
    ALIASES,
    DATASETS,
    IMAGE_DATASETS,
    PARAMS,
    SERIES_KEYS,
    TEXT_KEYS,
    TOP_KEYS,
    ExperimentDef,
    SeriesDef,
)
from nntui.i18n import _, join_list
from nntui.i18n.reasons import os_reason
from nntui.presets.params import ConfigError, Param, Value, closest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 reads TOML through the tomli backport
    import tomli as tomllib


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]*?)\s*\]\]?")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_\-]+))\s*(?:=|\.)""")
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def key_line(text: str, key: str | None, series: int | None = None) -> int:
    """1-based line of `key` at the top level (`series` None) or in the `series`-th
    (0-based) `[[series]]` table; with `key` None, that table's header line. Falls back to
    the table's header (or line 1) when the key is not found (see the module docstring)."""
    where: tuple[str, int] | None = None  # None: top level
    count = -1
    header_line = 1
    for n, line in enumerate(text.splitlines(), 1):
        head = _HEADER.match(line)
        if head:
            name = head.group(2).strip().strip("\"'")
            if head.group(1) == "[[" and name == "series":
                count += 1
                where = ("series", count)
                if series == count:
                    header_line = n
                    if key is None:
                        return n
            else:
                where = ("table", n)
                if series is None and key == name.split(".")[0]:
                    return n
            continue
        m = _KEY.match(line)
        if not m or key is None:
            continue
        found = m.group(1) or m.group(2) or m.group(3)
        here = where is None if series is None else where == ("series", series)
        if here and found == key:
            return n
    return header_line if series is not None else 1


class _Reader:
    """Validates the parsed document, raising the first problem with its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def fail(self, message: str, key: str | None = None, series: int | None = None,
             name: str | None = None) -> ConfigError:
        line = key_line(self.text, key, series)
        where = ""
        if series is not None:
            where = (_("[[series]] {n} ({name}): ").format(n=series + 1, name=repr(name))
                     if name else _("[[series]] {n}: ").format(n=series + 1))
        return ConfigError(f"{self.path}:{line}: {where}{message}")

    def unknown(self, key: str, allowed: tuple[str, ...], series: int | None,
                name: str | None) -> ConfigError:
        match = ALIASES.get(key.lower()) if key.lower() in ALIASES else closest(key, allowed)
        if match is not None and match.startswith("-") and series is None:
            return self.fail(_("unknown key {key}: give it as {match}").format(
                key=repr(key), match=match), key)
        if match is not None and match not in allowed:
            match = None
        hint = _(" (did you mean {match}?)").format(match=repr(match)) if match else ""
        message = (_("unknown key {key}{hint}; a series may set: {keys}") if series is not None
                   else _("unknown key {key}{hint}; the top level may set: {keys}"))
        return self.fail(message.format(key=repr(key), hint=hint, keys=join_list(allowed)),
                         key, series, name)

    def value(self, key: str, raw: Any, series: int | None, name: str | None) -> Value:
        """A TOML value checked against the key's Param (or init's own rule)."""
        param = PARAMS[key]
        if param.kind == "ints":
            if not isinstance(raw, list) or not raw or not all(
                    isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in raw):
                raise self.fail(_("{key} must be an array of positive integers, e.g. "
                                  "[100, 100] (got {value})").format(key=key, value=_show(raw)),
                                key, series, name)
            return tuple(raw)
        try:
            return param.validate(raw)
        except ConfigError:
            raise self.fail(_problem(param, raw), key, series, name) from None


def _show(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, dict):
        return _("a table")
    return repr(raw)


def _problem(param: Param, raw: Any) -> str:
    return _("{key} must be {allowed} (got {value})").format(
        key=param.key, allowed=param.allowed(), value=_show(raw))


def parse(text: str, path: Path) -> ExperimentDef:
    """Validate the TOML text of the file at `path` (used in messages and for the name)."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_LINE.search(msg)
        line = m.group(1) if m else "1"
        detail = _TOML_LINE.sub(_("(column {n})").format(n=m.group(2)) if m else "", msg).strip()
        raise ConfigError(_("{file}:{line}: not valid TOML: {detail}").format(
            file=path, line=line, detail=detail)) from None
    r = _Reader(path, text)
    for key in doc:
        if key not in TOP_KEYS:
            raise r.unknown(key, TOP_KEYS, None, None)
    texts = {}
    for key in TEXT_KEYS:
        raw = doc.get(key, "")
        if not isinstance(raw, str):
            raise r.fail(_("{key} must be text in quotes (got {value})").format(
                key=key, value=_show(raw)), key)
        texts[key] = raw.strip()
    dataset = _dataset(r, doc)
    shared: list[tuple[str, Value]] = []
    for key, raw in doc.items():
        if key in PARAMS:
            shared.append((key, r.value(key, raw, None, None)))
    if "epochs" in doc and "iterations" in doc:
        raise r.fail(_("give the budget as iterations or as epochs, not both"), "epochs")
    series = _series(r, doc)
    definition = ExperimentDef(
        path=path,
        name=path.name,
        title=texts["title"] or path.stem,
        about=texts["about"],
        look_for=texts["look_for"],
        dataset=dataset,
        shared=tuple(shared),
        series=series,
    )
    _cross_checks(r, definition)
    return definition


def _dataset(r: _Reader, doc: dict[str, Any]) -> str:
    raw = doc.get("dataset", "digits")
    name = raw.strip().lower().replace("_", "-") if isinstance(raw, str) else None
    if name not in DATASETS:
        match = closest(str(raw), DATASETS) if isinstance(raw, str) else None
        hint = _(" (did you mean {match}?)").format(match=repr(match)) if match else ""
        raise r.fail(_("dataset must be one of {names} (got {value}){hint}").format(
            names=join_list(DATASETS), value=_show(raw), hint=hint), "dataset")
    return name


def _series(r: _Reader, doc: dict[str, Any]) -> tuple[SeriesDef, ...]:
    raw = doc.get("series")
    if raw is None:
        raise r.fail(_("no series: add at least one [[series]] table with a name, e.g.")
                     + "\n  [[series]]\n  name = \"Adam\"\n  optimizer = \"adam\"")
    if not isinstance(raw, list) or not raw or not all(isinstance(t, dict) for t in raw):
        raise r.fail(_("series must be [[series]] tables (one per compared network)"),
                     "series")
    out: list[SeriesDef] = []
    seen: dict[str, int] = {}
    for i, table in enumerate(raw):
        name = table.get("name")
        for key in table:
            if key not in SERIES_KEYS:
                raise r.unknown(key, SERIES_KEYS, i, name if isinstance(name, str) else None)
        if name is None:
            raise r.fail(_("every series needs a name, e.g. {example}").format(
                example='name = "Adam"'), None, i)
        if not isinstance(name, str) or not name.strip():
            raise r.fail(_("name must be non-empty text in quotes (got {value})").format(
                value=_show(name)), "name", i)
        name = name.strip()
        if name in seen:
            raise r.fail(_("duplicate series name {name} (series {n} has it too); names "
                           "must be unique").format(name=repr(name), n=seen[name] + 1),
                         "name", i, name)
        seen[name] = i
        values = tuple((k, r.value(k, v, i, name)) for k, v in table.items() if k != "name")
        out.append(SeriesDef(name, values))
    return tuple(out)


def _cross_checks(r: _Reader, d: ExperimentDef) -> None:
    """Settings that are each valid but do not go together."""
    shared = dict(d.shared)
    for i, s in enumerate(d.series):
        if d.value(s, "early_stopping") and not shared.get("val_fraction"):
            raise r.fail(_("early_stopping needs validation data: set val_fraction (e.g. 0.2) "
                           "at the top level"), "early_stopping", i if s.get("early_stopping")
                         else None, s.name)
        if d.value(s, "augment") and d.dataset not in IMAGE_DATASETS:
            raise r.fail(_("augment works on images ({names}), not on {dataset}").format(
                names=join_list(IMAGE_DATASETS), dataset=d.dataset),
                "augment", i if s.get("augment") else None, s.name)


def load(path: Path | str) -> ExperimentDef:
    """Read and validate the experiment file at `path` (ConfigError if unusable)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = os_reason(exc)
        raise ConfigError(_("cannot read experiment file {file}: {reason}").format(
            file=path, reason=reason)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(_("{file}:1: not a text file (TOML is UTF-8)").format(
            file=path)) from None
    return parse(text, path)
