"""The dashboard's one-line status (state, count, bar, ETA, rate, ...) laid out in terminal
cells: a Japanese word takes two cells per character, so every width here is `cell_len`,
never `len`, and a cut never falls inside a character. `nntui.tui.views` re-exports it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.cells import cell_len

from nntui.core.snapshot import Snapshot
from nntui.i18n import _, pgettext
from nntui.i18n.cells import clip
from nntui.i18n.linebreak import wrap


def format_duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "--:--"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_rate(per_s: float) -> str:
    if per_s >= 1e6:
        return f"{per_s / 1e6:.1f}M"
    if per_s >= 1e3:
        return f"{per_s / 1e3:.1f}k"
    return f"{per_s:.0f}"


def progress_bar(fraction: float, width: int) -> str:
    """A text bar (cheaper than a ProgressBar widget and fits in the status line)."""
    width = max(1, width)
    filled = int(round(max(0.0, min(1.0, fraction)) * width))
    return "━" * filled + "╌" * (width - filled)


_ICONS = {"running": "▶", "paused": "⏸", "done": "✔", "stopped": "⏹", "failed": "✖",
          "preparing": "…"}


def state_word(state: str) -> str:
    """A run state's word in the active language ("running" -> 実行中); another shows as
    it is."""
    words = {"running": pgettext("status", "running"), "paused": pgettext("status", "paused"),
             "done": pgettext("status", "done"), "stopped": pgettext("status", "stopped"),
             "failed": pgettext("status", "failed"),
             "preparing": pgettext("status", "preparing")}
    return words.get(state, state)


def _count(unit: str, done: int, total: int) -> str:
    """"it 1,200/5,000": the run's progress in its own unit, in the active language."""
    forms = {"iteration": _("it {done}/{total}"), "step": _("step {done}/{total}"),
             "check": _("check {done}/{total}"), "trial": _("trial {done}/{total}")}
    form = forms.get(unit, unit + " {done}/{total}")
    return form.format(done=f"{done:,}", total=f"{total:,}")


@dataclass(frozen=True)
class StatusInfo:
    """What the status line says. ``state``: preparing | running | paused | done | stopped
    | failed; ``download``: (file, done bytes, total) while data downloads; ``speed``: the
    throttle level, None at full speed (else shown as ``level+1/levels``)."""

    state: str
    snapshot: Snapshot | None = None
    error: str | None = None
    download: tuple[str, int, int] | None = None
    speed: tuple[int, int] | None = None
    frozen_clock: bool = False
    #: a key to mention after the count, e.g. "v: final report" once the run has ended
    #: (in the active language: the caller translates it)
    hint: str = ""


def status_line(info: StatusInfo, width: int) -> str:
    """The status for ``info`` in lines of at most ``width`` terminal cells: one, or two
    when the run's message (a search's best trial, a failed trial) does not fit whole
    beside the rest: the message then takes the second line (wrapped to a third if it
    must), rather than being cut.

    When the first line is too wide the bar shrinks first, then the least useful parts go
    (elapsed time, then the rate, then the ETA); the state, the count and the speed stay;
    narrower, the line is cut with "…".
    """
    state, snap = info.state, info.snapshot
    icon = _ICONS.get(state, "")
    if state == "failed":
        return clip(f"{icon} " + _("failed: {error}").format(error=info.error), width)
    if snap is None:
        if info.download is not None:
            name, done, total = info.download
            frac = done / total if total else 0.0
            head = f"{icon} " + _("downloading {name}").format(name=name)
            pct = f"{frac:4.0%}"
            bar_w = min(30, width - cell_len(head) - cell_len(pct) - 2)
            bar = f" {progress_bar(frac, bar_w)}" if bar_w >= 6 else ""
            return clip(f"{head}{bar} {pct}", width)
        return clip(f"{icon} " + _("preparing data…"), width)
    message = snap.message
    if message:
        line, whole = _progress(info, snap, width, cell_len(message) + 2)
        if whole and cell_len(line) + 2 + cell_len(message) <= width:
            return f"{line}  {message}"
    line, _whole = _progress(info, snap, width, 0)
    if not message:
        return line
    rest = wrap(message, width)
    if len(rest) > 2:
        rest = [rest[0], clip(" ".join(rest[1:]), width)]
    return "\n".join([line, *rest])


def _progress(info: StatusInfo, snap: Snapshot, width: int, room: int) -> tuple[str, bool]:
    """The progress line leaving ``room`` cells free at its end, and whether it kept
    every part (nothing dropped, the bar no shorter than its minimum)."""
    state = info.state
    head = [f"{_ICONS.get(state, '')} {state_word(state)}",
            _count(snap.unit, snap.iteration, snap.total)]
    if snap.unit == "iteration":
        head.append(_("ep {epoch}").format(epoch=f"{snap.epoch:.1f}"))
    if info.hint:
        head.append(info.hint)
    # (text, drop order: higher goes first when the line is too wide)
    tail: list[tuple[str, int]] = []
    if not info.frozen_clock:
        # ETA and rate only while it runs: paused or ended, they are stale numbers.
        if state in ("running", "preparing"):
            tail.append((_("ETA {time}").format(time=format_duration(snap.eta_s())), 1))
            if snap.samples_per_s > 0:  # runs without samples (2-D paths) have no rate
                tail.append((_("{rate}/s").format(rate=format_rate(snap.samples_per_s)), 2))
        tail.append((format_duration(snap.elapsed_s), 3))
    if info.speed is not None:
        tail.append((_("speed {level}/{levels}").format(level=info.speed[0] + 1,
                                                         levels=info.speed[1]), 0))
    pct = f"{snap.fraction:4.0%}"
    min_bar = 6
    kept = len(tail)

    def length(parts: list[tuple[str, int]], bar: int) -> int:
        # in cells: a Japanese word is twice its len()
        texts = head + ([] if bar == 0 else ["x" * bar]) + [pct] + [t for t, _p in parts]
        return sum(cell_len(t) for t in texts) + 2 * (len(texts) - 1) - (1 if bar else 0)

    while (tail and length(tail, min_bar) + room > width
           and max(p for _t, p in tail) > 0):
        worst = max(range(len(tail)), key=lambda i: tail[i][1])
        tail.pop(worst)
    rest = "  ".join(t for t, _p in tail)
    bar_w = min(40, width - length(tail, 0) - room - 1)
    bar = f"{progress_bar(snap.fraction, bar_w)} " if bar_w >= min_bar else ""
    line = clip(f"{'  '.join(head)}  {bar}{pct}  {rest}".rstrip(), width)
    return line, len(tail) == kept and bool(bar)
