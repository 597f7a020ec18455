"""What a finished run says about its preset's claims (`judge_run`), as lines a learner
reads.

    dropout vs no dropout, train–test gap: −5.2 ± 1.1 points (look-for: at most −3.0):
    holds; better on 5 of 5 seeds

One line per judged claim (`nntui.presets.claims.ClaimResult`); the headless output and
the final report print them. Accuracy-like numbers are in points (hundredths), relative
effects in percent, the rest as numbers.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from nntui.core.band import mean_sd
from nntui.i18n import _
from nntui.presets.claims import METRICS, ClaimResult, judge

if TYPE_CHECKING:
    from nntui.core.run import FinalReport
    from nntui.core.snapshot import Snapshot
    from nntui.presets.base import Preset

#: Metrics whose differences read as points of accuracy.
POINTS = ("gap", "test_acc", "train_acc", "slow_val", "collapse_drop")


def _number(x: float, metric: str, relative: bool, signed: bool = True) -> str:
    """One number in the metric's unit, without the unit ("+5.2", "−35", "0.61")."""
    if not math.isfinite(x):
        return "-"
    sign = "+" if signed and x > 0 else ""
    minus = "−" if x < 0 else ""
    if relative:
        return f"{sign}{minus}{abs(x) * 100:.0f}"
    if metric in POINTS:
        return f"{sign}{minus}{abs(x) * 100:.1f}"
    return f"{sign}{minus}{abs(x):.3g}"


def _unit(text: str, metric: str, relative: bool) -> str:
    """`text` with the metric's unit: "5.2 points", "35 %", or as it is."""
    if relative:
        return _("{value} %").format(value=text)
    if metric in POINTS:
        return _("{value} points").format(value=text)
    return text


def _bound(r: ClaimResult) -> str:
    c = r.claim
    b = _unit(_number(r.bound, c.metric, c.relative, signed=False), c.metric, c.relative)
    if c.better == "within":
        return _("within ±{bound}").format(bound=b)
    if c.better == "higher":
        return _("at least {bound}").format(bound=b)
    return _("at most {bound}").format(bound=b)


def verdict_line(r: ClaimResult) -> str:
    """One judged claim (see the module docstring)."""
    c = r.claim
    metric = _(METRICS[c.metric])
    effect = _number(r.effect, c.metric, c.relative)
    if r.k > 1:
        _mean, sd = mean_sd(r.effects)
        effect = _("{effect} ± {sd}").format(
            effect=effect, sd=_number(sd, c.metric, c.relative, signed=False))
    effect = _unit(effect, c.metric, c.relative)
    what = (_("{technique} vs {baseline}, {metric}").format(
        technique=_(c.technique), baseline=_(c.baseline), metric=metric) if c.baseline
        else _("{technique}, {metric}").format(technique=_(c.technique), metric=metric))
    verdict = _("holds") if r.holds else _("does NOT hold")
    line = _("{what}: {effect} (look-for: {bound}): {verdict}").format(
        what=what, effect=effect, bound=_bound(r), verdict=verdict)
    if r.k > 1:
        won = (_("better on {won} of {k} seeds") if c.baseline and c.better != "within"
               else _("on {won} of {k} seeds"))
        line = _("{line}; {wins}").format(line=line, wins=won.format(won=r.won, k=r.k))
    return line


def verdict_lines(results: list[ClaimResult]) -> list[str]:
    """The look-for's claims on this run: a heading, then one line each ([] for none)."""
    if not results:
        return []
    held = sum(r.holds for r in results)
    return [_("look-for, measured on this run ({held} of {n} claims hold):").format(
        held=held, n=len(results)), *("  " + verdict_line(r) for r in results)]


def judge_run(preset: Preset, snap: Snapshot, report: FinalReport | None, *, dataset: str,
              book: bool = False) -> list[ClaimResult]:
    """Every claim the preset's look-for makes on `dataset`, judged on a finished run;
    [] for a run that did not finish (no held-out report to judge by)."""
    claims = preset.claims_for(dataset, book=book)
    if not claims or not snap.done or (report is None and not snap.trials):
        return []
    classes = len(report.class_names) if report is not None else 10
    return [judge(c, snap, report, dataset=dataset, classes=classes) for c in claims]
