"""bench/lessons.py --from: the proof table rebuilt from --record files, judged today."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from nntui.presets import PRESETS

BENCH = Path(__file__).resolve().parents[2] / "bench" / "lessons.py"


def _bench():
    spec = importlib.util.spec_from_file_location("lessons_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def _record(base: int, effect: float, k: int, n_claims: int,
            ids: list[str] | None = None) -> str:
    claims = [[effect, True, k, k, [effect] * k] for _ in range(n_claims)]
    return json.dumps({"preset": "dropout", "dataset": "digits", "base": base,
                       "book": False, "seconds": 1.0, "claims": claims,
                       **({} if ids is None else {"claim_ids": ids})})


def test_records_are_judged_against_todays_bound_deduplicated_and_stale_ones_left_out(
        tmp_path: Path) -> None:
    bench = _bench()
    preset = PRESETS["dropout"]
    claims = preset.claims_for("digits")
    k = int(preset.resolve(dataset="digits", seed=1000).get("seeds", 1))
    first = claims[0]
    bound = first.bound_for("digits")
    good = bound + 1 if first.passes(bound + 1, "digits") else bound - 1
    bad = bound - 1 if good > bound else bound + 1
    assert first.passes(good, "digits") and not first.passes(bad, "digits")
    lines = [
        _record(1000, good, k, len(claims)),
        _record(1020, good, k, len(claims)),
        _record(1020, bad, k, len(claims)),  # recorded again later: this one counts
        _record(1040, good, k + 1, len(claims)),  # another K: a different mean
        _record(2000, good, k, len(claims)),  # a recheck base, not a proof base
        # the same number of claims, but one measured another way round: left out
        _record(1060, good, k, len(claims), ids=[
            f"{c.technique}|{c.metric}|{'higher' if c.better == 'lower' else 'lower'}|"
            f"{c.baseline}" if i == 0 else f"{c.technique}|{c.metric}|{c.better}|{c.baseline}"
            for i, c in enumerate(claims)]),
        _record(1080, good, k, len(claims), ids=bench.claim_ids(
            bench.Job("dropout", "digits", 1080, (), False, "", ""))),  # today's: kept
    ]
    path = tmp_path / "runs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    done = bench.from_records([path], bench.PROOF_BASES, None, False)

    outs = done[("dropout", "digits")]
    assert [o.job.base for o in outs] == [1000, 1020, 1080]
    # "holds" is judged anew: every record said True, the bound says otherwise for 1020
    assert [o.claims[0][1] for o in outs] == [True, False, True]
    assert [o.claims[0][0] for o in outs] == [good, bad, good]
