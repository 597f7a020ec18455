"""Typed, validated preset parameters, and the resolved `RunConfig`.

The same `Param.parse` validates `--set key=value` on the command line and the settings form
in the TUI, so a user sees the same message in both places.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from nntui.core.errors import UserError
from nntui.i18n import _, join_list, pgettext

Value = int | float | str | bool | tuple[int, ...]


class ConfigError(UserError):
    """A user-supplied value is not allowed. The message names the key and the allowed range."""


@dataclass(frozen=True)
class Param:
    """One overridable setting of a preset.

    kind is one of "int", "float", "str", "bool", "ints" (a tuple of positive ints such as
    hidden layer sizes, written "100,100,100"). `low`/`high` bound numbers; `low_open` /
    `high_open` make a bound exclusive (a learning rate must be > 0, a dropout ratio < 1).
    """

    key: str
    default: Value
    kind: str
    help: str = ""
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()
    #: Teaching defaults that differ by dataset, as (dataset, value) pairs: what makes the
    #: preset's finding visible there (8x8 digits and 28x28 MNIST need different settings).
    per_dataset: tuple[tuple[str, Value], ...] = ()
    #: The book's exact value (REFERENCE.md) where the teaching default differs; None when
    #: the default *is* the book's value.
    book: Value | None = None
    #: Not a setting of the book's experiment (how many seeds to train): --book keeps the
    #: teaching default of the dataset.
    beside_book: bool = False

    def default_for(self, dataset: str | None = None, *, book: bool = False) -> Value:
        """The value in force before overrides: the book's with `book`, else the teaching
        default for `dataset`."""
        if book and not self.beside_book:
            return self.default if self.book is None else self.book
        for name, value in self.per_dataset:
            if name == dataset:
                return value
        return self.default

    def allowed(self) -> str:
        """Human description of the allowed values, used in every error message (in the
        active language: "an integer >= 1 and <= 20", "1 以上、20 以下の整数")."""
        if self.kind == "bool":
            return _("true or false")
        if self.choices:
            return _("one of {choices}").format(choices=join_list(self.choices))
        if self.kind == "ints":
            return _("comma-separated positive integers, e.g. 100,100")
        if self.kind == "str":
            return _("text")
        low = high = ""
        if self.low is not None and self.high is not None:
            # A lower bound followed by an upper one (Japanese: 0 より大きく 1 未満の数値).
            low = (pgettext("bound before another", "> {x}") if self.low_open
                   else pgettext("bound before another", ">= {x}")).format(x=_fmt(self.low))
        elif self.low is not None:
            low = (_("> {x}") if self.low_open else _(">= {x}")).format(x=_fmt(self.low))
        if self.high is not None:
            high = (_("< {x}") if self.high_open else _("<= {x}")).format(x=_fmt(self.high))
        # Whole phrases, not glued words: Japanese puts the bounds before the noun.
        if self.kind == "int":
            if low and high:
                return _("an integer {low} and {high}").format(low=low, high=high)
            if low or high:
                return _("an integer {bound}").format(bound=low or high)
            return _("an integer")
        if low and high:
            return _("a number {low} and {high}").format(low=low, high=high)
        if low or high:
            return _("a number {bound}").format(bound=low or high)
        return _("a number")

    def _fail(self, got: object) -> ConfigError:
        return ConfigError(_("{key} must be {allowed} (got {got})").format(
            key=self.key, allowed=self.allowed(), got=repr(got)))

    def parse(self, text: str) -> Value:
        """Parse the text a user typed into a validated value; raises ConfigError.

        The error quotes the text exactly as typed, so "--set lr=0" reports (got '0').
        """
        try:
            return self.validate(self._convert(text.strip()))
        except (ConfigError, ValueError):
            raise self._fail(text) from None

    def _convert(self, raw: str) -> Value:
        """Text -> typed value, before range checks (ValueError when it is not that type)."""
        if self.kind == "bool":
            low = raw.lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if self.kind == "ints":
            return tuple(int(p) for p in raw.replace(" ", "").split(",") if p != "")
        if self.kind == "int":
            try:
                return int(raw)
            except ValueError:
                as_float = float(raw)
                if not as_float.is_integer():
                    raise
                return int(as_float)
        if self.kind == "float":
            return float(raw)
        return raw

    def validate(self, value: Any) -> Value:
        """Check a typed value (from a preset default or from parse)."""
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise self._fail(value)
            return value
        if self.kind == "ints":
            if (
                not isinstance(value, tuple)
                or not value
                or not all(isinstance(v, int) and v > 0 for v in value)
            ):
                raise self._fail(value)
            return value
        if self.kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self._fail(value)
            if self.kind == "int" and not float(value).is_integer():
                raise self._fail(value)
            if not math.isfinite(value):
                raise self._fail(value)
            if self.low is not None and (
                value < self.low or (self.low_open and value == self.low)
            ):
                raise self._fail(value)
            if self.high is not None and (
                value > self.high or (self.high_open and value == self.high)
            ):
                raise self._fail(value)
            return int(value) if self.kind == "int" else float(value)
        if not isinstance(value, str):
            raise self._fail(value)
        if self.choices and value not in self.choices:
            raise self._fail(value)
        return value

    def format(self, value: Value) -> str:
        """The text form of a value, so that parse(format(v)) == v."""
        if self.kind == "ints":
            return ",".join(str(v) for v in value)  # type: ignore[union-attr]
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "float":
            return _fmt(float(value))  # type: ignore[arg-type]
        return str(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


def taught(param: Param, *, book: Value | None = None, **per_dataset: Value) -> Param:
    """`param` with the book's value and per-dataset teaching defaults attached.

    Dataset names with a dash are written with an underscore (fashion_mnist=...).
    """
    pairs = tuple((name.replace("_", "-"), value) for name, value in per_dataset.items())
    return replace(param, book=book, per_dataset=pairs)


@dataclass(frozen=True)
class RunConfig:
    """A preset resolved with the user's overrides: everything needed to reproduce a run.

    values: every parameter of the preset as (key, value) pairs, in the preset's order.
    """

    preset: str
    dataset: str
    seed: int
    values: tuple[tuple[str, Value], ...]
    #: True: started from the book's exact setting (`--book`), not the teaching defaults.
    book: bool = False

    def __getitem__(self, key: str) -> Value:
        for k, v in self.values:
            if k == key:
                return v
        raise KeyError(key)

    def get(self, key: str, default: Value | None = None) -> Value | None:
        try:
            return self[key]
        except KeyError:
            return default

    def as_dict(self) -> dict[str, Value]:
        return dict(self.values)

    def to_json(self) -> dict[str, Any]:
        """config.json content: preset, dataset, seed and every hyperparameter."""
        return {
            "preset": self.preset,
            "dataset": self.dataset,
            "seed": self.seed,
            "book": self.book,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.values},
        }

    def with_values(self, **changes: Value) -> RunConfig:
        merged = dict(self.values)
        merged.update(changes)
        return replace(self, values=tuple((k, merged[k]) for k, _unused in self.values))


def resolve(
    preset: str,
    params: Iterable[Param],
    *,
    dataset: str,
    seed: int,
    overrides: Mapping[str, str] | None = None,
    typed: Mapping[str, Value] | None = None,
    book: bool = False,
) -> RunConfig:
    """Build a RunConfig from defaults plus text overrides (`--set`) and typed ones.

    The defaults are the teaching defaults for `dataset`, or the book's exact setting when
    `book` is true (see `Param.default_for`). Raises ConfigError for an unknown key
    (listing the known ones) or a bad value.
    """
    params = tuple(params)
    by_key = {p.key: p for p in params}
    values = {p.key: p.validate(p.default_for(dataset, book=book)) for p in params}
    for key, value in (typed or {}).items():
        if key not in by_key:
            raise _unknown(key, by_key)
        values[key] = by_key[key].validate(value)
    for key, text in (overrides or {}).items():
        if key not in by_key:
            raise _unknown(key, by_key)
        values[key] = by_key[key].parse(text)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(_("seed must be an integer >= 0 (got {seed})").format(seed=repr(seed)))
    return RunConfig(
        preset=preset,
        dataset=dataset,
        seed=seed,
        values=tuple((p.key, values[p.key]) for p in params),
        book=bool(book),
    )


def _unknown(key: str, by_key: Mapping[str, Param]) -> ConfigError:
    known = join_list(sorted(by_key))
    hint = did_you_mean(key, by_key)
    return ConfigError(_("unknown setting {key};{hint} this preset has: {known}").format(
        key=repr(key), hint=hint, known=known))


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """Turn ["lr=0.1", "epochs=3"] into {"lr": "0.1", "epochs": "3"}; ConfigError if malformed."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(_("--set takes key=value (got {item})").format(item=repr(item)))
        out[key.strip()] = value
    return out


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The choice `name` was most likely meant to be (for "did you mean ...?"), or None.

    Case, "_" and " " are forgiven ("Optimizer_Race" -> "optimizer-race"); otherwise the
    best difflib match with a similarity ratio of at least 0.6.
    """
    options = list(choices)
    key = str(name).strip().lower().replace("_", "-").replace(" ", "-")
    folded = {c.lower(): c for c in options}
    if key in folded:
        return folded[key]
    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """' did you mean X?' for the closest choice, or '' when nothing is close (in the
    active language; it goes right after the sentence saying what was not found)."""
    match = closest(name, choices)
    return _(" did you mean {match}?").format(match=repr(match)) if match else ""
