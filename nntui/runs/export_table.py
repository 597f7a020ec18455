"""Several runs' metrics as one long table (`nntui runs export ID… --csv FILE`, `e` on a
comparison): metrics.csv's rows of every run after a ``run`` column, so that the rows of
one run, without that column, are its metrics.csv again, number for number; or, with
``per_seed``, seed_metrics.csv's rows (a K-seed run's every seed; a one-seed run's rows
under its seed). As JSON: per run its record and its columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from nntui.core.errors import UserError
from nntui.i18n import _
from nntui.runs.history import RunRecord
from nntui.runs.listing import record_json

METRICS = "metrics.csv"
SEED_METRICS = "seed_metrics.csv"


def _rows(record: RunRecord, per_seed: bool) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of one run's metrics file (seed_metrics.csv with ``per_seed``; a run
    of one seed gets its metrics.csv rows under a seed column)."""
    name = SEED_METRICS if per_seed and (record.folder / SEED_METRICS).is_file() else METRICS
    try:
        text = (record.folder / name).read_text(encoding="utf-8")
    except OSError:
        raise UserError(_("run {id} has no {file} (yet): nothing to export").format(
            id=record.id, file=METRICS)) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [], []
    header, body = rows[0], rows[1:]
    if per_seed and name == METRICS:
        seed = str(record.seed_list[0])
        header, body = ["seed", *header], [[seed, *r] for r in body]
    return header, body


def long_csv(records: Sequence[RunRecord], *, per_seed: bool = False) -> str:
    """The runs' rows as one CSV text: ``run`` (the id) then the metrics file's columns."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    written = None
    for record in records:
        header, body = _rows(record, per_seed)
        if not header:
            continue
        if written is None:
            written = header
            writer.writerow(["run", *header])
        elif header != written:  # a file of another nntui: its columns, by name
            body = [[dict(zip(header, r)).get(k, "") for k in written] for r in body]
        for r in body:
            writer.writerow([record.id, *r])
    return buf.getvalue()


def runs_json(records: Sequence[RunRecord], shorts: dict[str, str], *,
              per_seed: bool = False) -> dict[str, Any]:
    """``{"runs": [...]}``: each run's record (as `nntui runs --json` gives it) and its
    metrics as columns (numbers; null where a cell is empty)."""
    out = []
    for record in records:
        header, body = _rows(record, per_seed)
        columns: dict[str, list[Any]] = {h: [] for h in header}
        for r in body:
            for h, cell in zip(header, r):
                columns[h].append(_value(h, cell))
        out.append({**record_json(record, shorts.get(record.id, record.id)),
                    "metrics": columns})
    return {"runs": out}


def _value(column: str, cell: str) -> Any:
    if column == "series":
        return cell
    if cell == "":
        return None
    if column in ("iteration", "seed"):
        return int(cell)
    return float(cell)
