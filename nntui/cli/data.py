"""`nntui data {list,download,path}`: what is cached, fetch (Fashion-)MNIST, where it lives.

The lead mounts `data_app` under the main Typer app. Imports stay light at module level
(rich is imported inside the commands) because `nntui --help` should be instant.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from nntui.cli import fail
from nntui.core.errors import UserError
from nntui.i18n import N_, _, pgettext

data_app = typer.Typer(
    help=N_("Datasets: what is cached, fetch MNIST, where it lives."),
    no_args_is_help=True,
    add_completion=False,
)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn a DataError (a UserError) into one line on stderr and exit code 2."""
    try:
        yield
    except UserError as exc:
        fail(exc)


def _human(n: int) -> str:
    """1234567 -> '1.2 MB'."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{n} B"  # unreachable; keeps type checkers happy


def _is_tty() -> bool:
    """Rich output only on a terminal; pipes and CI logs get plain lines."""
    return sys.stdout.isatty()


@data_app.command("list", help=N_("List the datasets: kind, whether cached, size on disk."))
def list_cmd() -> None:
    """List the datasets: kind, whether cached, size on disk."""
    with _user_errors():
        # NumPy and the data code load with the command, not with `nntui --help`
        from nntui.core.data import describe

        infos = describe()
    kinds = {"bundled": pgettext("dataset kind", "bundled"),
             "download": pgettext("dataset kind", "download"),
             "generated": pgettext("dataset kind", "generated")}
    rows = []
    for info in infos:
        if info.kind == "generated":
            cached = _("n/a")
        else:
            cached = _("yes") if info.cached else _("no")
        size = _human(info.size_bytes) if info.size_bytes else "-"
        rows.append((info.name, kinds.get(info.kind, info.kind), cached, size,
                     _(info.description)))
    header = (pgettext("column", "name"), pgettext("column", "kind"),
              pgettext("column", "cached"), pgettext("column", "size"),
              pgettext("column", "description"))
    if _is_tty():
        # rich loads only to draw (not with `nntui --help`)
        from rich.console import Console
        from rich.table import Table

        grid = Table(*header)
        for row in rows:
            grid.add_row(*row)
        Console().print(grid)
        return

    from nntui.i18n.cells import table  # cell widths: with the command, not `--help`

    for line in table([header, *rows]):  # padded in terminal cells
        typer.echo(line)


@data_app.command("download",
                  help=N_("Download a dataset's files (verified by SHA-256) into the cache."))
def download_cmd(
    name: Annotated[str,
                    typer.Argument(help=N_("mnist or fashion-mnist (others need none)."))],
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help=N_("Download into this folder instead of the cache (then run with "
                    "--data-dir)."),
        ),
    ] = None,
) -> None:
    """Download a dataset's files (verified by SHA-256) into the cache."""
    # NumPy and the data code load with the command, not with `nntui --help`
    from nntui.core.data.registry import DOWNLOADED, normalize_name

    with _user_errors():
        key = normalize_name(name)
        if key not in DOWNLOADED:
            message = (_("{name} ships with scikit-learn; nothing to download.") if key == "digits"
                       else _("{name} is generated; nothing to download."))
            typer.echo(message.format(name=key))
            return
        # NumPy and the data code load with the command, not with `nntui --help`
        from nntui.core.data.download import fetch_dataset

        if _is_tty():
            folder = _download_rich(key, data_dir, fetch_dataset)
        else:
            folder = fetch_dataset(key, dest_dir=data_dir, progress=_plain_progress())
    typer.echo(_("{name}: ready in {folder}").format(name=key, folder=folder))


def _plain_progress() -> Callable[[str, int, int], None]:
    """Progress as plain lines (not a TTY): one line per file per 25 %."""
    last: dict[str, int] = {}

    def report(file_name: str, done: int, total: int) -> None:
        quarter = 4 * done // total if total else 0
        if last.get(file_name, -1) != quarter:
            last[file_name] = quarter
            typer.echo(_("{file}: {done} / {total} bytes").format(
                file=file_name, done=f"{done:,}", total=f"{total:,}"))

    return report


def _download_rich(key: str, data_dir: Path | None, fetch: Callable[..., Path]) -> Path:
    """Run `fetch` with a rich progress bar per file."""
    # rich loads only to draw (not with `nntui --help`)
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    with Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn()
    ) as bar:
        tasks: dict[str, int] = {}

        def report(file_name: str, done: int, total: int) -> None:
            if file_name not in tasks:
                tasks[file_name] = bar.add_task(file_name, total=total)
            bar.update(tasks[file_name], completed=done, total=total)

        return fetch(key, dest_dir=data_dir, progress=report)


@data_app.command("path", help=N_("Print the cache folder ($NNTUI_CACHE_DIR or the "
                                   "platform user cache)."))
def path_cmd() -> None:
    """Print the cache folder ($NNTUI_CACHE_DIR or the platform user cache)."""
    # NumPy and the data code load with the command, not with `nntui --help`
    from nntui.core.data import cache_dir

    typer.echo(str(cache_dir()))
