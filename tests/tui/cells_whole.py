"""Cell-level checks that what a screen means to show is on it whole (issue 26).

Each reads the characters the compositor puts in a widget's region (what a terminal
shows, overlaps and all) and looks for the widget's own text there, blanks aside: a panel
title cut with "…", a table column off the edge, a toast whose Japanese lost characters
where a widget edge ran under it (書籍の設定その) all fail.
"""

from __future__ import annotations

from textual.app import App
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from nntui.tui.widgets.cached import CachedPlot
from nntui.tui.widgets.histogram_row import HistogramRow
from nntui.tui.widgets.status_bar import StatusBar


def squash(text: str) -> str:
    return "".join(text.split())


def region_text(app: App, widget: Widget, content: bool = False) -> str:
    """The characters shown in ``widget``'s region (inside its border and padding with
    ``content``), row by row."""
    strips = app.screen._compositor.render_strips()
    r = widget.content_region if content else widget.region
    return "\n".join(s.crop(r.x, r.right).text for s in strips[r.y:r.bottom])


def _shown(widget: Widget, least: int = 1) -> bool:
    return bool(widget.display) and widget.region.width >= least and widget.region.height > 0


def lost_text(app: App) -> list[str]:
    """Every panel title, histogram header, table column, status text and footer key of
    the current screen that is not whole in its widget's region (empty: all is there)."""
    lost = []
    for w in app.screen.query(CachedPlot):
        # A panel narrower than it draws at shows "too small" instead (by design).
        if not _shown(w, w.MIN_WIDTH) or w.region.height < w.MIN_HEIGHT:
            continue
        shown = squash(region_text(app, w))
        title = w.head_text if isinstance(w, HistogramRow) else w.title
        if title and squash(title) not in shown:
            lost.append(f"{type(w).__name__} title {title!r}: {region_text(app, w)!r}")
    for t in app.screen.query(DataTable):
        if not _shown(t) or not t.columns:
            continue
        if t.virtual_size.width > t.scrollable_content_region.width:
            lost.append(f"{t.id}: {t.virtual_size.width} cells of columns in "
                        f"{t.scrollable_content_region.width}")
        shown = squash(region_text(app, t))
        for c in t.columns.values():  # a header may take two rows: each row whole
            if not all(squash(part) in shown for part in str(c.label).split("\n")):
                lost.append(f"{t.id} column {str(c.label)!r}")
    for key in app.screen.query(FooterKey):  # no key cut off at the right edge
        if key.display and key.region.width and key.region.right > app.screen.size.width:
            lost.append(f"footer key {key.key_display} {key.description!r} cut")
        # ... nor under the command palette's key, docked over the right end (「? ヘル」)
        elif _shown(key) and squash(key.key_display + key.description) not in squash(
                region_text(app, key)):
            lost.append(f"footer key {key.key_display} {key.description!r}: "
                        f"{region_text(app, key)!r}")
    snap = getattr(app.screen, "snapshot", None)  # a dashboard's: its run's message
    message = squash(getattr(snap, "message", "") or "")
    for bar in app.screen.query(StatusBar):
        shown = squash(region_text(app, bar))
        if _shown(bar) and (squash(bar.text) != shown or message not in shown):
            lost.append(f"status {bar.text!r} ({message!r}): {region_text(app, bar)!r}")
    return lost


def toasts(app: App) -> list[tuple[str, str]]:
    """(message, what its toast shows) for each toast on screen, blanks removed."""
    out = []
    for t in app.screen.query(Toast):
        n = t._notification
        out.append((squash(n.title + n.message), squash(region_text(app, t, content=True))))
    return out
