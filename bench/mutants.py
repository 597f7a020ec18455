"""Mutation testing: do the fast tests catch realistic bugs? (the list: bench/mutant_list.py)

Each mutation is planted, one at a time, in a private copy of the checkout (nntui/, tests/,
bench/, pyproject.toml, README.md in a temp folder; the working tree is never written to),
and the test files it names run there (``pytest -x -m "not slow"``, that copy first on
PYTHONPATH, so subprocesses and the installed `nntui` script import it too, no bytecode
written, a time limit per mutant). A failing run catches the mutant; a passing one lets it
survive. The file is restored from the original after each mutant (in a `finally`), and at
the end a digest of every file of the checkout, taken before and after, shows it untouched.

A mutation whose snippet is not found exactly once is an error (a moved or edited file must
fail loudly, not be skipped silently): exit code 2. Survivors are listed with the reason
the list gives when it calls them harmless.

Last line: ``mutants=<n> caught=<c> survived=<s> caught_pct=<p> errors=<e>``.

    python bench/mutants.py [--only id,id] [--timeout 300] [--list]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutant_list import MUTANTS, Mutant  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
COPIED = ("nntui", "tests", "bench", "pyproject.toml", "README.md")


def fingerprint() -> dict[str, str]:
    """Every file of the checkout the mutants could touch, with a digest of its bytes."""
    import hashlib

    found = {}
    for name in COPIED:
        root = REPO / name
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path.relative_to(REPO))] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found


def make_copy(dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", ".git")
    for name in COPIED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / name)


def check(m: Mutant) -> str | None:
    """None when the mutant can be planted, else why not."""
    path = REPO / m.path
    if not path.is_file():
        return f"{m.path} does not exist (moved?)"
    count = path.read_text(encoding="utf-8").count(m.find)
    if count != 1:
        return f"its snippet occurs {count} times in {m.path} (edited?)"
    missing = [t for t in m.tests if not (REPO / t).is_file()]
    if missing:
        return f"test files missing: {missing}"
    return None


def pytest(copy: Path, tests: tuple[str, ...], timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1",
           "OPENBLAS_NUM_THREADS": "1"}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
         "-m", "not slow", "-o", f"timeout={int(timeout)}", *tests],
        cwd=copy, env=env, capture_output=True, text=True, timeout=timeout + 60)


def run_one(m: Mutant, copy: Path, timeout: float) -> tuple[str, float, str]:
    """(caught | survived | timeout | no-tests, seconds, the first failure's line)."""
    target = copy / m.path
    original = (REPO / m.path).read_text(encoding="utf-8")
    started = time.monotonic()
    try:
        target.write_text(original.replace(m.find, m.replace), encoding="utf-8")
        done = pytest(copy, m.tests, timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started, ""
    finally:
        target.write_text(original, encoding="utf-8")
    took = time.monotonic() - started
    if done.returncode == 0:
        return "survived", took, ""
    if done.returncode == 5:  # nothing ran: a mapping to slow-only tests
        return "no-tests", took, ""
    failed = next((line for line in done.stdout.splitlines() if line.startswith("FAILED")
                   or line.startswith("ERROR")), done.stdout.strip().splitlines()[-1:] or [""])
    return "caught", took, failed if isinstance(failed, str) else failed[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated mutant ids")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the unmutated run of every mapped test file")
    args = ap.parse_args()
    # Started in the background, SIGINT comes ignored, and an ignored signal stays ignored
    # in every child: the tests that send nntui a Ctrl-C would fail for that reason alone.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    chosen = [m for m in MUTANTS if not args.only or m.id in args.only.split(",")]
    ids = [m.id for m in MUTANTS]
    if len(set(ids)) != len(ids):
        print("mutants.py: duplicate ids", file=sys.stderr)
        return 2
    if args.list:
        for m in chosen:
            print(f"{m.id:<28} {m.path}")
        return 0
    errors = [(m, why) for m in chosen if (why := check(m)) is not None]
    for m, why in errors:
        print(f"ERROR {m.id}: {why}")
    runnable = [m for m in chosen if check(m) is None]
    before = fingerprint()
    print(f"{len(runnable)} mutants (load average {os.getloadavg()[0]:.2f})", flush=True)
    results: list[tuple[Mutant, str]] = []
    with tempfile.TemporaryDirectory(prefix="nntui-mutants-") as tmp:
        copy = Path(tmp)
        make_copy(copy)
        if not args.no_baseline:  # unmutated, every mapped test must pass
            files = tuple(sorted({t for m in runnable for t in m.tests}))
            base = pytest(copy, files, args.timeout * 3)
            if base.returncode != 0:
                print(base.stdout[-3000:])
                print("mutants.py: the tests fail without any mutation", file=sys.stderr)
                return 2
            print(f"baseline: {base.stdout.strip().splitlines()[-1]}", flush=True)
        for m in runnable:
            outcome, took, failure = run_one(m, copy, args.timeout)
            results.append((m, outcome))
            print(f"{outcome:<9} {m.id:<28} {took:6.1f} s  {m.path}  {failure[:90]}",
                  flush=True)
    survivors = [m for m, o in results if o == "survived"]
    errors += [(m, "no fast test ran") for m, o in results if o == "no-tests"]
    results = [(m, o) for m, o in results if o != "no-tests"]
    caught = len(results) - len(survivors)
    if survivors:
        print("\nsurvivors:")
        for m in survivors:
            print(f"  {m.id} ({m.path}): "
                  + (f"harmless: {m.harmless}" if m.harmless else "NO TEST CATCHES IT"))
    after = fingerprint()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:  # nothing here writes to the checkout: someone else did, or a bug here
        print(f"mutants.py: the working tree changed while mutants ran: {changed[:5]}",
              file=sys.stderr)
        errors.append((runnable[0], "tree changed"))
    pct = 100.0 * caught / len(results) if results else 0.0
    print(f"mutants={len(results)} caught={caught} survived={len(survivors)} "
          f"caught_pct={pct:.1f} errors={len(errors)}")
    return 2 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
