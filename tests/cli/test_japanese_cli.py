"""The command line in Japanese (issue 11): headless runs, `nntui list`, `nntui data list`
and every user mistake speak Japanese under `--lang ja` or `LANG=ja_JP.UTF-8`; no English
UI word is left (`english_words`), the summary table lines up in terminal cells, and a
mistake is one Japanese line and exit code 2.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.cli.demo import HELP as DEMO_HELP
from nntui.cli.replay import REPLAY_HELP
from nntui.cli.serve import HELP as SERVE_HELP
from nntui.experiments.schema import SERIES_KEYS, TOP_KEYS
from nntui.presets import PRESETS
from tests.i18n.english import english_words
from tests.i18n.helpers import ja

#: What a user types and may see again: preset, dataset and option names.
IDENTIFIERS = {*PRESETS, "digits", "mnist", "fashion-mnist", "spiral", "moons", "circles",
               "xor", "seed", "set", "out", "dataset", "workers", "fps", "size", "lang",
               "headless", "iterations", "hidden", "eval_every", "epochs", "book", "force",
               "presets", "hold", "port", "svg", "export", "replay", "run", "list", "new",
               "txt", "json", "toml", *TOP_KEYS, *SERIES_KEYS}
#: plotext's markers (x, o) drawn as runs of letters in charts and their legends.
MARKER_RUNS = re.compile(r"(?<![A-Za-z])([xo])\1*(?![A-Za-z])")
#: A tiny optimizer race (its series are technique names: SGD, Momentum, ...).
RACE = ["run", "optimizer-race", "--headless", "--set", "iterations=20", "--set",
        "hidden=10", "--set", "eval_every=10"]


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def english(text: str, *more: str) -> list[str]:
    """English words in `text`, allowing the identifiers, paths and `more`."""
    return english_words(MARKER_RUNS.sub(" ", text), IDENTIFIERS | set(more))


def column_starts(line: str) -> list[int]:
    """The terminal cell where each column of a table line starts (columns are separated
    by two or more spaces; no cell holds two spaces in a row)."""
    return [cell_len(line[:m.start()]) for m in re.finditer(r"(?:^|(?<=  ))\S", line)]


def summary_lines(stdout: str, header_start: str, rows: int) -> list[str]:
    """The summary table: the header line starting with `header_start` and its rows."""
    lines = stdout.splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.startswith(header_start))
    return lines[first:first + 1 + rows]


def test_headless_run_speaks_japanese_and_its_table_lines_up(tmp_path: Path) -> None:
    race = PRESETS["optimizer-race"]
    out = tmp_path / "run"
    result = invoke("--lang", "ja", *RACE, "--out", str(out))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"{ja(race.title)}  [optimizer-race, digits, シード 0]\n")
    # Progress lines: the unit and the loss label in Japanese, the series as named.
    assert "optimizer-race  イテレーション 20/20  100%  損失（直近2回の平均）: SGD " in text
    assert "損失（平滑化 0.9）" in text and "テストデータの認識精度" in text  # chart titles
    assert "テストデータの認識精度（最後に一度だけ評価）: SGD " in text
    held_out = next(ln for ln in text.splitlines() if ln.startswith("テストデータの認識精度（最後"))
    assert held_out.count("）、") == len(race.series) - 1  # series listed with 、
    assert f"結果: {out}" in text
    assert english(text, *str(out).split("/")) == []
    table = summary_lines(text, "系列", len(race.series))
    assert table[0].split() == ["系列", "損失（直近2回の平均）", "訓練精度", "テスト精度",
                                "発散"]
    assert [ln.split()[0] for ln in table[1:]] == list(race.series)
    starts = {tuple(column_starts(ln)) for ln in table}
    assert len(starts) == 1, table  # every column starts at the same cell on every line
    assert all(ln.split()[-1] == "いいえ" for ln in table[1:])
    # The files stay as they were: English keys, no Japanese.
    for name in ("config.json", "metrics.csv", "summary.json", "report.json"):
        assert (out / name).read_text(encoding="utf-8").isascii(), name


def test_the_book_line_and_a_japanese_only_locale(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    """`LANG=ja_JP.UTF-8` alone picks Japanese (no --lang)."""
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    result = invoke("run", "weight-decay", "--headless", "--book", "--set", "epochs=1",
                    "--set", "hidden=10")
    assert result.exit_code == 0, result.output
    assert "  （書籍の設定そのまま: --book）\n" in result.stdout
    assert "the book's exact setting" not in result.stdout


def test_a_real_process_under_lang_ja(tmp_path: Path) -> None:
    """`LANG=ja_JP.UTF-8 python -m nntui …`: the language comes from the environment in a
    fresh process, for the run and for a mistake."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env.update(LANG="ja_JP.UTF-8", NO_COLOR="1")
    run = subprocess.run([sys.executable, "-m", "nntui", *RACE], capture_output=True,
                         text=True, env=env, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(ja(PRESETS["optimizer-race"].title))
    assert "イテレーション 20/20" in run.stdout and english(run.stdout) == []
    bad = subprocess.run([sys.executable, "-m", "nntui", "run", "dropout", "--headless",
                          "--dataset", "cifar"], capture_output=True, text=True, env=env,
                         timeout=60, check=False)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == ("nntui: dropout で使えるデータセットは digits、mnist、fashion-mnist です"
                          "（指定された値: --dataset cifar）。\n")


def _earlier_run(tmp_path: Path) -> Path:
    done = tmp_path / "done"
    done.mkdir()
    (done / "config.json").write_text("{}")
    return done


def _bad_toml(tmp_path: Path) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text('dataset = "digits"\nlearning_rate = 0.1\n[[series]]\nname = "a"\n')
    return path


# (id, arguments (tmp_path -> list), the Japanese the line must contain)
MISTAKES = [
    ("seed", lambda t: ["run", "dropout", "--headless", "--seed", "-1"],
     "--seed には 0 以上の整数を指定してください（指定された値: -1）。"),
    ("workers", lambda t: ["run", "hparam-search", "--headless", "--workers", "0"],
     "--workers には 1 以上の整数を指定してください（指定された値: 0）。"),
    ("unknown preset", lambda t: ["run", "dropuot", "--headless"],
     "プリセット 'dropuot' はありません（'dropout' のことですか？）。"
     "次のいずれかを選んでください: "),
    ("dataset of a preset", lambda t: ["run", "dropout", "--headless", "--dataset", "minst"],
     "（指定された値: --dataset minst）（'mnist' のことですか？）。"),
    ("no dataset", lambda t: ["run", "optimizer-paths", "--headless", "--dataset", "mnist"],
     "optimizer-paths はデータセットを使いません（指定された値: --dataset mnist）。"),
    ("out is a file", lambda t: ["run", "dropout", "--headless", "--out", str(t / "f.txt")],
     "はファイルで、フォルダではありません。フォルダのパスを指定してください"),
    ("out holds a run", lambda t: ["run", "dropout", "--headless", "--out",
                                   str(_earlier_run(t))],
     "には以前の実行結果（config.json）があります。"),
    ("experiment file", lambda t: ["run", str(_bad_toml(t)), "--headless"],
     ":2: 不明なキー 'learning_rate' です（'lr' のことですか？）。最上位に書けるキー: "),
    ("new: not a training preset", lambda t: ["new", "optimizer-paths", str(t / "x.toml")],
     "optimizer-paths は学習するネットワークを比べるプリセットではありません。"),
    ("new: not .toml", lambda t: ["new", "dropout", str(t / "f.txt")],
     "実験ファイルの名前は .toml で終わる必要があります"),
    ("replay: no folder", lambda t: ["replay", str(t / "nothing")],
     "は実行結果のフォルダではありません（そのフォルダがありません）"),
    ("export: size", lambda t: ["export", str(t), "--svg", str(t / "a.svg"), "--size", "9x"],
     "--size は 120x40 の形で指定してください（指定された値: '9x'）。"),
    ("demo: unknown preset", lambda t: ["demo", "--presets", "dropuot"],
     "プリセット 'dropuot' はありません（'dropout' のことですか？）。"
     "次のいずれかを選んでください: "),
    ("serve: port", lambda t: ["serve", "--port", "0"],
     "--port には 1 から 65535 までの値を指定してください（指定された値: 0）。"),
    ("fps", lambda t: ["run", "dropout", "--fps", "100"],
     "--fps には 0.2 から 60 までの値を指定してください（指定された値: 100）。"),
]


@pytest.mark.parametrize(("make_args", "japanese"), [m[1:] for m in MISTAKES],
                         ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_one_japanese_line_and_exit_2(make_args, japanese: str,
                                                    tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("keep")
    result = invoke("--lang", "ja", *make_args(tmp_path))
    err = result.stderr
    assert result.exit_code == 2, result.output
    assert err.startswith("nntui: ") and err.count("\n") == 1, err
    assert japanese in err
    assert "Traceback" not in result.output
    assert english(err, *str(tmp_path).split("/"), "dropuot", "minst", "learning_rate",
                   "bad", "nothing", "done", "a", "f", "x", "config.json") == [], err


def test_run_headless_reports_a_bad_preset_in_its_language() -> None:
    """The language is set before the run is resolved: scripts calling run_headless get
    the input error in Japanese too."""
    from nntui.headless.run import run_headless

    err = io.StringIO()
    assert run_headless("dropuot", lang="ja", stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith(
        "nntui: プリセット 'dropuot' はありません（'dropout' のことですか？）。"
        "次のいずれかを選んでください: ")


def test_a_thread_count_mistake_and_a_failed_run_in_japanese(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from nntui.core.experiment import Experiment
    from nntui.headless.run import run_headless

    monkeypatch.setenv("NNTUI_THREADS", "x")
    err = io.StringIO()
    assert run_headless("dropout", lang="ja", stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == "nntui: NNTUI_THREADS='x': 1 以上の整数を指定してください。\n"
    monkeypatch.delenv("NNTUI_THREADS")

    def advance(self: Experiment, it: int) -> None:
        raise ValueError("injected fault")

    monkeypatch.setattr(Experiment, "_advance", advance)
    err = io.StringIO()
    out = tmp_path / "out"
    code = run_headless("optimizer-race", overrides={"iterations": "30", "hidden": "10"},
                        out=out, lang="ja", stdout=io.StringIO(), stderr=err)
    assert code == 1
    assert err.getvalue() == (
        "nntui: optimizer-race はイテレーション 1/30 で失敗しました: ValueError: injected "
        f"fault（ここまでの結果と traceback.txt は {out} にあります）。\n")
    # The file keeps the error as raised, in English (results are not translated).
    assert '"error": "ValueError: injected fault"' in (out / "summary.json").read_text()


def test_list_and_data_list_line_up_in_cells() -> None:
    result = invoke("list", "--lang", "ja")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == list(PRESETS)
    assert {column_starts(ln)[1] for ln in lines} == {max(map(len, PRESETS)) + 2}
    assert all(cell_len(ln) <= 80 for ln in lines)
    assert english(result.stdout, "Elastic", "Net", "Stopping") == []
    result = invoke("--lang", "ja", "data", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["名前", "種類", "キャッシュ済み", "サイズ", "説明"]
    # Column 4 (the description) starts where the header's does on every line.
    assert {tuple(column_starts(ln)[:5]) for ln in lines if "-  " not in ln[:40]} == {
        tuple(column_starts(lines[0]))}
    assert "該当なし" in result.stdout and "同梱" in result.stdout
    assert english(result.stdout, "scikit-learn", "kB", "XOR") == []


def test_charts_keep_their_width_with_japanese_titles_and_legends() -> None:
    """plotext counts a character as one cell: a Japanese title or legend would push the
    frame right by one cell per character unless the chart reserves the second cell."""
    from nntui.core.snapshot import LayerHistogram, SeriesSnapshot, Snapshot
    from nntui.headless.charts import charts, histogram_charts
    from nntui.i18n import use_language

    use_language("ja")
    loss = np.linspace(2.0, 0.5, 50)
    hist = LayerHistogram(1, np.array([1, 5, 9, 5, 1]), np.linspace(0, 1, 6), 0.5, 0.1)
    series = tuple(SeriesSnapshot(name, loss_it=np.arange(50), loss=loss * (k + 1),
                                  eval_it=np.array([0, 25, 49]),
                                  test_acc=np.array([0.1, 0.5, 0.8]),
                                  histograms=(hist,))
                   for k, name in enumerate(("SGD", "損失の大きい系列")))
    snap = Snapshot(iteration=50, total=50, epoch=1.0, elapsed_s=1.0, samples_per_s=0.0,
                    done=True, series=series)
    drawn = charts(snap, 0.9, width=70)
    assert len(drawn) == 2 and "損失（平滑化 0.9）" in drawn[0]
    for chart in drawn:
        assert "損失の大きい系列" in chart  # the legend
        assert {cell_len(ln) for ln in chart.splitlines()} == {70}, chart
    block = histogram_charts(snap, width=70)[0]
    assert block.startswith("SGD のアクティベーション分布（層ごとに1枚")


def test_summary_table_with_gap_and_report_lines_in_japanese() -> None:
    from nntui.core.run import FinalReport, SeriesReport
    from nntui.core.snapshot import SeriesSnapshot, Snapshot
    from nntui.headless.charts import report_lines, summary_table
    from nntui.i18n import use_language

    use_language("ja")
    s = SeriesSnapshot("Adam", loss_it=np.arange(3), loss=np.array([1.0, 0.5, 0.25]),
                       eval_it=np.array([0, 2]), test_acc=np.array([0.1, 0.5]),
                       train_acc=np.array([0.2, 0.9]), diverged=True)
    snap = Snapshot(iteration=10, total=10, epoch=0.0, elapsed_s=1.0, samples_per_s=0.0,
                    done=True, series=(s,))
    empty = np.zeros(2)
    report = FinalReport(("a", "b"), (SeriesReport("Adam", 0.75, empty, empty, empty,
                                                   np.eye(2)),))
    header, row = summary_table((), snap, report, gap=True).splitlines()
    assert header.split() == ["系列", "損失（最後の値）", "訓練精度", "テスト精度", "差", "発散"]
    assert row.split() == ["Adam", "0.25", "0.900", "0.750", "0.150", "はい"]
    assert column_starts(header) == column_starts(row)
    assert report_lines(snap, report, gap=True) == [
        "テストデータの認識精度（最後に一度だけ評価）: "
        "Adam 0.750（F1 0.000、訓練 0.900、差 0.150）"]
    stopped = Snapshot(iteration=5, total=10, epoch=0.0, elapsed_s=1.0, samples_per_s=0.0,
                       done=False, series=(s,))
    assert report_lines(stopped, None) == [
        "最後まで実行せずに中止したため、最終結果（テストデータでの評価）はありません。"]


#: What `--help` shows as typed: option names, metavars, placeholders, file names.
HELP_WORDS = {"python", "m", "h", "d", "s", "o", "help", "version", "data-dir", "demo-clock",
              "executor", "scheduler", "experiments", "OPTIONS", "COMMAND", "ARGS", "str",
              "int", "float", "path", "preset", "name", "FILE", "HOST", "tcp",
              "NNTUI_DASK_SCHEDULER", "NNTUI_DEMO_CLOCK", "NNTUI_CACHE_DIR", "IDX", "TUI",
              "config", "metrics", "summary", "key", "value", "local", "dask", "Web", "SHA-256",
              "pip", "install", "serve", "download", "data", "demo", "en", "ja", "LANG", "file",
              "NAME.toml", "runs", "compare", "NNTUI_HISTORY", "asciicast", "asciinema",
              "record"}


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["data", "download", "-h"],
                                  ["new", "--help"]])
def test_help_in_japanese_fits_80_columns(args: list[str]) -> None:
    result = invoke("--lang", "ja", *args)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("使い方: ")
    assert "オプション:\n" in text and "このメッセージを表示して終了します。" in text
    assert max(cell_len(ln) for ln in text.splitlines()) <= 80, text
    assert english(text, *HELP_WORDS) == [], text
    if args[0] == "run":
        assert "乱数のシード（0 以上）。 [既定値: 0]" in text
        assert "プリセット名（`nntui list` を参照）または実験ファイル（FILE.toml）。" in text
    if args[0] == "--help":  # the command list: each command's first sentence
        # (the names' column is as wide as the longest name: `compare`)
        assert "\n  run      プリセットか実験ファイルを実行します。\n" in text


def test_help_follows_the_last_lang_and_stays_english_without_one() -> None:
    assert invoke("run", "--help", "--lang", "ja").stdout.startswith("使い方: ")
    english_help = invoke("--lang", "ja", "run", "--help", "--lang", "en").stdout
    assert english_help.startswith("Usage: ") and "Random seed (>= 0). [default: 0]" in (
        english_help)
    assert invoke("run", "--help").stdout == english_help


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_commands_line_in_help_is_its_whole_first_sentence(lang: str) -> None:
    # Issue 26: the list cut a command's line at one line, inside `pip install …` (click
    # cuts at 45 characters, in English too). Now the whole sentence, wrapped, a code
    # span never split over two lines.
    from nntui.i18n import translate

    text = invoke("--lang", lang, "--help").stdout
    listing = text[text.index(":\n", text.rindex("\n\n")) + 2:]
    assert "…" not in listing and "..." not in listing
    assert all(line.count("`") % 2 == 0 for line in listing.splitlines()), listing
    assert max(cell_len(ln) for ln in listing.splitlines()) <= 80
    flat = "".join(listing.split())
    for help_text in (SERVE_HELP, REPLAY_HELP, DEMO_HELP):
        shown = translate(help_text, lang) if lang == "ja" else help_text
        first = re.split(r"(?<=\.)\s+(?=[A-Z])|(?<=。)", shown, maxsplit=1)[0]
        assert "".join(first.split()) in flat, (first, listing)


@pytest.mark.parametrize("width", [8, 13, 20, 33, 57])
def test_help_wrapping_counts_cells_and_keeps_punctuation_off_line_starts(width: int) -> None:
    from nntui.cli.help import wrap_cells

    text = ("先に設定を上書きします: key=value（繰り返し指定できます）。"
            "このデータセットで結果が見やすい既定値ではなく、書籍の設定そのままで実行します。")
    lines = wrap_cells(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert all(cell_len(ln) <= width for ln in lines if ln != "key=value"), lines
    assert not any(ln[0] in "、。）" for ln in lines), lines
    assert len(lines) > 1 and all(ln == ln.strip() for ln in lines)


def test_an_os_reason_is_quoted_in_japanese() -> None:
    # /proc refuses new folders: the C library's "No such file or directory", in Japanese.
    result = invoke("--lang", "ja", "run", "dropout", "--headless", "--out",
                    "/proc/nntui-no-such/run")
    assert result.exit_code == 2
    assert result.stderr == ("nntui: --out /proc/nntui-no-such/run は使えません: "
                             "ファイルまたはフォルダがありません。\n")
