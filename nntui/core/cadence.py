"""When an Experiment measures what it shows beside its curves: the activation histograms
(a forward pass of the probe and a histogram per layer each) and the gradient statistics
(nntui.core.gradstats), both at a capped cadence, so that measuring never costs the step's
speed."""

from __future__ import annotations

from nntui.core.specs import TrainSettings


class Cadence:
    """The histogram refreshes and gradient records of one run of ``total`` iterations.

    Histograms: at an evaluation at least ``stats_every`` iterations after the last
    refresh (while they are shown live), and at the final evaluation. Gradients: on the
    first step (the initial scale's gradients) and on the step just before each
    evaluation that refreshes the histograms, so both kinds share their x positions.
    """

    def __init__(self, settings: TrainSettings, total: int) -> None:
        self.settings = settings
        self.total = total
        self.last_refresh: int | None = None  # iterations done at the last refresh
        self.last_gradients: int | None = None  # ... at the last gradient record

    def histograms_due(self, done: int, final: bool) -> bool:
        """Whether the evaluation after ``done`` iterations refreshes the histograms."""
        s, last = self.settings, self.last_refresh
        return final or (s.live_histograms and (last is None or done - last >= s.stats_every))

    def refreshed(self, done: int) -> None:
        self.last_refresh = done

    def gradients_due(self, step: int) -> bool:
        """Whether training step ``step`` (0-based) records gradient statistics; called
        once per step, in order. Gradients keep the histograms' cadence whether or not
        those are shown live. (A run whose every series diverges ends early: its last
        evaluation has no gradient record.)"""
        s = self.settings
        if not s.gradient_stats:
            return False
        done = step + 1  # iterations done after this step, as the evaluation counts them
        final = done >= self.total
        if step == 0:
            due = True
            done = 0  # stands for the refresh at iteration 0, as the histograms'
        else:
            last = self.last_gradients
            due = (done % s.eval_every == 0 or final) and (
                final or last is None or done - last >= s.stats_every)
        if due:
            self.last_gradients = done
        return due
