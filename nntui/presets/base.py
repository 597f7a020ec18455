"""What a preset is: one experiment from REFERENCE.md, declared as data.

A preset never contains training code. It names its parameters (book defaults), the series
it compares and the *kind* of run that executes it; the builder of that kind (shared by
every preset of the kind) turns a RunConfig into a Run. How the preset is shown (panels,
labels, table columns) is its `view` (`nntui.presets.view`), which only the front ends
read; they pass what to compute into `build`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.presets.claims import Claim
from nntui.presets.compute import Compute
from nntui.presets.params import Param, RunConfig, Value, resolve

if TYPE_CHECKING:  # only for type hints: importing data/run modules here would slow startup
    from nntui.core.run import Run
    from nntui.presets.view import PresetView

#: The parameters a preset's budget can be counted in (`Preset.budget_key`).
BUDGET_KEYS = ("iterations", "epochs", "trials", "steps")

#: progress(file_name, done_bytes, total_bytes) while a dataset downloads.
Progress = Callable[[str, int, int], None]

#: A kind's builder: loads what data the config asks for (downloading with `progress` if
#: needed, or reading `data_dir`) and returns a ready, unstarted Run that computes what
#: `Compute` asks for.
Builder = Callable[["RunConfig", "Path | None", "Progress | None", Compute], "Run"]


@dataclass(frozen=True)
class Preset:
    """One experiment a user can pick.

    series: the names of the compared variants, in display order.
    datasets: the datasets the preset accepts; () for presets that need none (2-D function,
    random-input histograms). budget_key: which parameter is the budget a user grows or shrinks.
    """

    name: str
    #: English texts marked with N_() (nntui.i18n): show them through _().
    title: str
    explanation: str
    look_for: str
    budget_key: str
    params: tuple[Param, ...]
    series: tuple[str, ...]
    builder: Builder
    #: How the front ends show it (panels, labels, table columns): theirs to read.
    view: PresetView
    datasets: tuple[str, ...] = ("digits", "mnist", "fashion-mnist")
    default_dataset: str = "digits"
    #: What the book's own setting (`--book`) shows, where it differs from `look_for`
    #: (e.g. the book's dropout run has not converged after 301 epochs).
    book_look_for: str | None = None
    #: The look-for where a dataset shows the lesson at another size (its claims differ):
    #: (dataset, text) pairs, for the teaching defaults and for --book.
    look_for_on: tuple[tuple[str, str], ...] = ()
    book_look_for_on: tuple[tuple[str, str], ...] = ()
    #: The look-for as measurable claims (`nntui.presets.claims`): what the tests, the
    #: bench (bench/lessons.py) and the headless "wins on k of K" lines check.
    claims: tuple[Claim, ...] = ()
    #: The claims `--book`'s look-for makes (the book's setting shows something else).
    book_claims: tuple[Claim, ...] = ()

    def look_for_text(self, book: bool = False, dataset: str | None = None) -> str:
        """The "Look for" line for the teaching defaults or for the book's setting, on
        `dataset` (None: the preset's default dataset)."""
        ds = dataset or self.default_dataset
        if book:
            own = dict(self.book_look_for_on).get(ds)
            if own or self.book_look_for:
                return own or self.book_look_for  # type: ignore[return-value]
        return dict(self.look_for_on).get(ds, self.look_for)

    def claims_for(self, dataset: str, *, book: bool = False) -> tuple[Claim, ...]:
        """The claims the look-for line makes on `dataset` (teaching defaults or --book;
        the book's setting makes the defaults' claims unless it has its own)."""
        return tuple(c for c in (self.book_claims if book and self.book_claims
                                 else self.claims) if c.applies_to(dataset))

    def book_differs(self, dataset: str) -> bool:
        """Whether --book changes any setting on `dataset` (else it runs the defaults)."""
        return self.defaults(dataset, book=True) != self.defaults(dataset)

    def defaults(self, dataset: str | None = None, *, book: bool = False) -> dict[str, Value]:
        """Every parameter's value before overrides, for `dataset` (or the book's)."""
        ds = dataset or self.default_dataset
        return {p.key: p.default_for(ds, book=book) for p in self.params}

    def param(self, key: str) -> Param:
        for p in self.params:
            if p.key == key:
                return p
        raise KeyError(key)

    @property
    def budget_default(self) -> Value:
        """The budget's teaching default on the preset's default dataset."""
        return self.param(self.budget_key).default_for(self.default_dataset)

    def resolve(
        self,
        *,
        dataset: str | None = None,
        seed: int = 0,
        overrides: Mapping[str, str] | None = None,
        typed: Mapping[str, Value] | None = None,
        book: bool = False,
    ) -> RunConfig:
        """Defaults + overrides -> a validated RunConfig (ConfigError on bad input).

        The defaults are the teaching defaults for the dataset, or the book's exact setting
        (REFERENCE.md) when `book` is true.
        """
        return resolve(
            self.name,
            self.params,
            dataset=dataset or self.default_dataset,
            seed=seed,
            overrides=overrides,
            typed=typed,
            book=book,
        )

    def build(
        self,
        config: RunConfig,
        *,
        data_dir: Path | None = None,
        progress: Progress | None = None,
        compute: Compute | None = None,
    ) -> Run:
        """A ready Run computing what ``compute`` asks for (default: everything live).
        Raises DataError (data) or ConfigError (settings) for user mistakes."""
        return self.builder(config, data_dir, progress, compute or Compute())
