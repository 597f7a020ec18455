"""What a preset is: one experiment from REFERENCE.md, declared as data.

A preset never contains training code. It names its parameters (book defaults), the series
it compares, the panels the dashboard shows, and the *kind* of run that executes it; the
builder of that kind (shared by every preset of the kind) turns a RunConfig into a Run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nntui.i18n import N_
from nntui.presets.claims import Claim
from nntui.presets.params import Param, RunConfig, Value, resolve

if TYPE_CHECKING:  # only for type hints: importing data/run modules here would slow startup
    from nntui.core.run import Run

#: progress(file_name, done_bytes, total_bytes) while a dataset downloads.
Progress = Callable[[str, int, int], None]

#: Panels a preset may ask the dashboard for.
PANELS = (
    "loss",  # loss curves of every series (raw faint + smoothed)
    "accuracy",  # train and test/validation accuracy per series
    "histograms",  # activation histograms per hidden layer of the selected series
    "paths",  # 2-D optimizer paths over contour lines
    "boundary",  # decision-boundary shading for 2-D datasets
    "trials",  # sortable hyperparameter-search trial table
    "scatter",  # lr x weight-decay scatter coloured by validation accuracy
    "table",  # a per-series table of `extra` values (gradient check, sparsity)
    "sweep",  # final accuracy against the swept setting, one curve per variant (batchnorm)
)

BUDGET_KEYS = ("iterations", "epochs", "trials", "steps")


#: name -> panels of every Preset created so far (each registers itself), so the builders a
#: preset module imports can ask what its dashboard shows without importing the catalog.
_PANELS: dict[str, tuple[str, ...]] = {}


def panels_of(preset: str) -> tuple[str, ...] | None:
    """The panels the preset called `preset` declares, or None for an unknown name."""
    return _PANELS.get(preset)


#: A kind's builder: loads what data the config asks for (downloading with `progress` if
#: needed, or reading `data_dir`) and returns a ready, unstarted Run.
Builder = Callable[["RunConfig", "Path | None", "Progress | None"], "Run"]


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
    panels: tuple[str, ...]
    budget_key: str
    params: tuple[Param, ...]
    series: tuple[str, ...]
    builder: Builder
    datasets: tuple[str, ...] = ("digits", "mnist", "fashion-mnist")
    default_dataset: str = "digits"
    #: What the "loss" panel plots (gradient-check puts each check's worst relative error
    #: there) and whether it is smoothed (a handful of checks is not a noisy curve).
    loss_label: str = N_("loss")
    smooth_loss: bool = True
    #: True: the loss panel draws validation loss (training loss dim behind it), where
    #: over-fitting shows (early-stopping).
    loss_on_validation: bool = False
    #: Per-series `extra` values worth a column in the end-of-run summary table (headless)
    #: and in the dashboard's table panel (other `extra` values say nothing there).
    summary_columns: tuple[str, ...] = ()
    #: The activation histograms' x range: "shared" by every layer where the preset
    #: compares layers or inits (a layer collapsing toward 0 shows as narrow, as in the
    #: book's figures), else "layer" (each layer its own range). `h` toggles it live.
    histogram_range: str = "layer"
    #: The lesson is the train–test gap (regularization): the table and the final report
    #: show train, test and their difference per series.
    show_gap: bool = False
    #: Series that sweep one setting (batchnorm's 16 weight scales, with and without BN):
    #: a function from a series name to (curve, x value), or None for the series off the
    #: sweep; the "sweep" panel draws final accuracy against x, one curve each.
    sweep: Callable[[str], tuple[str, float] | None] | None = None
    #: The sweep's x axis label ("weight scale"). Like `loss_label`, the summary columns and
    #: the series names, it is marked with N_(): show it through _().
    sweep_label: str = ""
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

    def __post_init__(self) -> None:
        _PANELS[self.name] = self.panels

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
    ) -> Run:
        """A ready Run. Raises DataError (data) or ConfigError (settings) for user mistakes."""
        return self.builder(config, data_dir, progress)
