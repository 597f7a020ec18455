"""asciicast v2 (asciinema's file format) written from whole screens, timed by the demo clock.

`nntui record` (`tui.recording`) hands `CastWriter` one screen per frame: a list of rows,
each already rendered to text with its colour escapes. The writer emits only the rows that
changed since the last frame (cursor to the row, the row, colours reset), stamped with the
frame's clock time, never the wall clock: the same screens give the same bytes on any
machine. Also the `--keys` script (`parse_keys`). Pure: no Textual, no terminal.

The format: https://docs.asciinema.org/manual/asciicast/v2/ — a JSON header line, then one
JSON array per event, ``[time_s, "o", text]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from nntui.core.errors import UserError
from nntui.i18n import _

#: Set up the player's terminal: hide the cursor, clear the screen, cursor home.
START = "\x1b[?25l\x1b[2J\x1b[H"
#: Leave it as found: colours reset, cursor shown below the last row.
END = "\x1b[0m\x1b[?25h"


@dataclass(frozen=True)
class ScriptedKey:
    """A key pressed at ``at_s`` virtual seconds into the recording (`--keys`)."""

    at_s: float
    key: str


_KEY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*s?\s*:\s*(\S+)\s*$")


def parse_keys(spec: str) -> tuple[ScriptedKey, ...]:
    """``"3s:space,5s:f"`` -> the keys in time order (a stable sort keeps the written order of
    keys at the same time). Raises UserError (one line) on a malformed item."""
    keys: list[ScriptedKey] = []
    for item in (part for part in spec.split(",") if part.strip()):
        m = _KEY.match(item)
        if m is None:
            raise UserError(_("--keys: {item!r} is not TIME:KEY (e.g. 3s:space)").format(
                item=item.strip()))
        keys.append(ScriptedKey(float(m.group(1)), m.group(2)))
    return tuple(sorted(keys, key=lambda k: k.at_s))


def frame_time(frame: int, fps: float) -> float:
    """Clock time of frame ``frame`` at ``fps``: n / fps, rounded so that the file shows the
    same digits wherever it was made."""
    return round(frame / fps, 6)


class CastWriter:
    """Writes an asciicast v2 stream to ``out`` (a text file): header first, then `frame`
    per screen, then `close`.

    ``idle_limit``: longest pause written between two events (asciinema's
    ``--idle-time-limit``; also put in the header for players): a paused run's frames that
    change nothing do not leave minutes of still screen."""

    def __init__(self, out: IO[str], width: int, height: int, *,
                 idle_limit: float | None = None, title: str | None = None) -> None:
        self.out = out
        self.width, self.height = width, height
        self.idle_limit = idle_limit
        self._rows: list[str] | None = None  # the screen the player shows now
        self._last_t = 0.0  # clock time of the last event written
        self._shift = 0.0  # idle time left out so far
        header: dict[str, object] = {"version": 2, "width": width, "height": height}
        if idle_limit is not None:
            header["idle_time_limit"] = idle_limit
        if title:
            header["title"] = title
        header["env"] = {"TERM": "xterm-256color"}
        self._line(header)

    def _line(self, value: object) -> None:
        # One JSON document per line, non-ASCII as is (Japanese stays readable).
        self.out.write(json.dumps(value, ensure_ascii=False) + "\n")

    def _event(self, t: float, text: str) -> None:
        at = t - self._shift
        if self.idle_limit is not None and at - self._last_t > self.idle_limit:
            self._shift += at - self._last_t - self.idle_limit
            at = self._last_t + self.idle_limit
        at = round(at, 6)
        self._line([at, "o", text])
        self._last_t = at

    def frame(self, t: float, rows: Sequence[str]) -> bool:
        """The screen at clock time ``t`` (``rows``: one rendered string per screen row);
        writes the rows that changed, returns whether anything was written."""
        if len(rows) != self.height:
            raise ValueError(f"expected {self.height} rows, got {len(rows)}")
        previous = self._rows
        changed = [y for y, row in enumerate(rows) if previous is None or previous[y] != row]
        self._rows = list(rows)
        if not changed:
            return False
        # Row y is line y + 1 for the cursor; colours reset after each row.
        body = "".join(f"\x1b[{y + 1};1H{rows[y]}\x1b[0m" for y in changed)
        self._event(t, (START if previous is None else "") + body)
        return True

    def close(self, t: float) -> None:
        """The end, at clock time ``t`` (the final screen stays up until then)."""
        self._event(max(t, self._last_t + self._shift), END + f"\x1b[{self.height};1H")
