"""The "Look for" line as a front end shows it: the preset's text for the setting and
dataset (`Preset.look_for_text`), then what the number of seeds the run trains on means
for the sizes it gives.

A preset's look-for sizes were measured (bench/lessons.py) on its default number of seeds
(`claim_seeds`): a run on that many or more shows their mean; a run on fewer is noisier
than what was measured, and the line says so instead of promising the same size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.i18n import _

if TYPE_CHECKING:
    from nntui.presets.base import Preset


def claim_seeds(preset: Preset, dataset: str | None = None, *, book: bool = False) -> int:
    """How many seeds the look-for's sizes were measured on: the preset's default K on
    `dataset` (1 for a preset without the setting)."""
    defaults = preset.defaults(dataset, book=book)
    return int(defaults.get("seeds", 1) or 1)  # type: ignore[arg-type]


def seeds_note(k: int, measured: int) -> str:
    """What running `k` seeds means for sizes measured on the mean of `measured` ("" on one
    seed where one was measured)."""
    if k < measured:
        # short: at 80x24 the whole line must fit (`?` gives the measured claim in full)
        if k == 1:
            return _("(one seed: noisier than the {measured} measured)").format(
                measured=measured)
        return _("(mean of {k} seeds: noisier than the {measured} measured)").format(
            measured=measured, k=k)
    if k > 1:  # short: at 80x24 the whole line must fit
        return _("(mean of {k} seeds)").format(k=k)
    return ""


def look_for_line(preset: Preset, *, book: bool = False, dataset: str | None = None,
                  seeds: object = None) -> str:
    """The translated look-for text, followed by `seeds_note` for a run on `seeds` seeds
    (a config's value; None or no count: the preset's default for the dataset)."""
    text = _(preset.look_for_text(book, dataset))
    if not any(p.key == "seeds" for p in preset.params):
        return text
    measured = claim_seeds(preset, dataset, book=book)
    counted = isinstance(seeds, int) and not isinstance(seeds, bool) and seeds >= 1
    note = seeds_note(seeds if counted else measured, measured)  # type: ignore[arg-type]
    # One translatable join: Japanese puts no space after 。
    return _("{look_for} {seeds_note}").format(look_for=text, seeds_note=note) if note else text
