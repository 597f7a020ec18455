"""`nntui run --headless`, `nntui list [--json]`, `--version` and bad input, via CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nntui import __version__
from nntui.cli.app import app
from nntui.presets import PRESETS
from tests.i18n.helpers import ja


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"nntui {__version__}"


def test_list_names_every_preset_in_order() -> None:
    result = invoke("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == list(PRESETS)
    assert "Optimizer race on real data" in lines[1]


def test_list_in_japanese() -> None:
    result = invoke("list", "--lang", "ja")
    assert result.exit_code == 0
    assert ja(PRESETS["dropout"].title) in result.stdout


def test_list_json_schema() -> None:
    result = invoke("list", "--json")
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    assert [e["name"] for e in entries] == list(PRESETS)
    for e in entries:
        assert {"name", "title", "budget", "series"} <= set(e)
        assert e["budget"]["key"] in ("iterations", "epochs", "trials", "steps")
        assert isinstance(e["budget"]["default"], int) and e["budget"]["default"] >= 1
        assert e["series"] and all(isinstance(s, str) for s in e["series"])
    race = next(e for e in entries if e["name"] == "optimizer-race")
    assert race["budget"] == {"key": "iterations", "default": 2000}
    assert race["series"] == ["SGD", "Momentum", "AdaGrad", "Adam", "RMSprop"]
    search = next(e for e in entries if e["name"] == "hparam-search")
    assert search["budget"]["key"] == "trials"


def test_run_headless_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = invoke(
        "run", "optimizer-race", "--headless", "--seed", "2", "--set", "iterations=30",
        "--set", "hidden=20,20", "--set", "eval_every=10", "--out", str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert "optimizer-race  it 30/30  100%  loss avg of last 3: SGD " in result.stdout
    assert "test accuracy (held-out, once at the end): SGD " in result.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 2 and summary["iterations"] == 30
    assert json.loads((out / "config.json").read_text())["params"]["hidden"] == [20, 20]


def test_workers_option_reaches_hparam_search(tmp_path: Path) -> None:
    result = invoke(
        "run", "hparam-search", "--headless", "--workers", "1", "--set", "trials=2",
        "--set", "round2_share=0", "--set", "epochs=1", "--set", "hidden=10",
        "--out", str(tmp_path),
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "config.json").read_text())["params"]["workers"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "optimizer-race", "--headless", "--set", "bogus=1"],
         "unknown setting 'bogus'"),
        (["run", "init-compare", "--headless", "--set", "lr=-1"], "lr must be a number > 0"),
        (["run", "dropout", "--headless", "--set", "dropout=1"],
         "dropout must be a number >= 0 and < 1"),
        (["run", "init-compare", "--headless", "--set", "batch_size=abc"],
         "batch_size must be an integer >= 1"),
        (["run", "init-compare", "--headless", "--set", "lr"], "--set takes key=value"),
        (["run", "no-such-preset", "--headless"], "unknown preset 'no-such-preset'"),
        (["run", "init-compare", "--headless", "--dataset", "cifar"], "init-compare runs on"),
        (["run", "hparam-search", "--headless", "--workers", "0"], "--workers must be"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    err = result.stderr
    assert message in err
    assert err.startswith("nntui: ") and err.count("\n") == 1
    assert "Traceback" not in err + result.stdout


def test_out_that_is_an_existing_file_is_one_clear_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("afile").write_text("keep me")
    result = invoke("run", "overfit-one-batch", "--headless", "--set", "iterations=5",
                    "--out", "afile")
    assert result.exit_code == 2
    assert result.stderr == (
        "nntui: --out afile is a file, not a directory: choose a directory path\n"
    )
    assert "Traceback" not in result.output and "File exists" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert Path("afile").read_text() == "keep me"


def test_top_level_lang_applies_to_run_headless() -> None:
    paths = PRESETS["optimizer-paths"]
    args = ["run", "optimizer-paths", "--headless", "--set", "steps=2"]
    result = invoke("--lang", "ja", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(ja(paths.title))
    assert ja(paths.look_for) in result.stdout
    # The subcommand's own --lang wins over the top-level one.
    result = invoke("--lang", "ja", *args, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(paths.title) and ja(paths.title) not in result.stdout


def test_top_level_lang_applies_to_run_dashboard_and_list(monkeypatch) -> None:
    import nntui.tui.launch
    from nntui.i18n import language

    seen: list[str | None] = []

    def fake_run_app(**kw: object) -> int:
        # The language the dashboard will speak: chosen once, before the command runs.
        seen.append(kw["lang"] or language())  # type: ignore[arg-type]
        return 0

    monkeypatch.setattr(nntui.tui.launch, "run_app", fake_run_app)
    assert invoke("--lang", "ja", "run", "dropout").exit_code == 0
    assert invoke("--lang", "ja", "run", "dropout", "--lang", "en").exit_code == 0
    assert invoke("run", "dropout", "--lang", "ja").exit_code == 0
    assert invoke("--lang", "ja").exit_code == 0  # the picker
    assert seen == ["ja", "en", "ja", "ja"]
    result = invoke("--lang", "ja", "list")
    assert result.exit_code == 0 and ja(PRESETS["dropout"].title) in result.stdout


def test_book_flag_runs_the_books_setting_and_records_it(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = invoke("run", "weight-decay", "--headless", "--book", "--set", "epochs=1",
                    "--set", "hidden=10", "--out", str(out))
    assert result.exit_code == 0, result.output
    config = json.loads((out / "config.json").read_text())
    assert config["book"] is True
    assert config["params"]["lr"] == 0.01 and config["params"]["weight_decay"] == 0.1
    assert "the book's exact setting" in result.stdout
    assert PRESETS["weight-decay"].book_look_for[:40] in result.stdout
    # Without --book: the teaching defaults and their own look-for.
    plain = tmp_path / "plain"
    result = invoke("run", "weight-decay", "--headless", "--set", "epochs=1",
                    "--set", "hidden=10", "--out", str(plain))
    config = json.loads((plain / "config.json").read_text())
    # digits' teaching λ (0.005, tuned so the lesson holds on seeds it was not tuned on)
    assert config["book"] is False and config["params"]["weight_decay"] == 0.005
    assert PRESETS["weight-decay"].look_for[:40] in result.stdout


def test_list_json_gives_defaults_per_dataset_and_the_books() -> None:
    entries = {e["name"]: e for e in json.loads(invoke("list", "--json").stdout)}
    dropout = entries["dropout"]
    assert set(dropout["defaults"]) == set(dropout["datasets"])
    assert dropout["defaults"]["digits"]["optimizer"] == "adam"
    assert dropout["book"]["optimizer"] == "sgd" and dropout["book"]["lr"] == 0.01
    schedules = entries["lr-schedules"]
    assert schedules["defaults"]["fashion-mnist"]["lr"] == 0.1
    assert schedules["defaults"]["digits"]["lr"] == 0.3


def test_unknown_names_get_a_suggestion() -> None:
    result = invoke("run", "dropuot", "--headless")
    assert result.exit_code == 2 and "did you mean 'dropout'?" in result.output
    result = invoke("run", "dropout", "--headless", "--set", "lrr=0.1")
    assert result.exit_code == 2 and "did you mean 'lr'?" in result.output
    result = invoke("run", "dropout", "--headless", "--dataset", "minst")
    assert result.exit_code == 2 and "did you mean 'mnist'?" in result.output


def test_absurd_sizes_are_refused_before_anything_runs() -> None:
    result = invoke("run", "dropout", "--headless", "--set", "hidden=10000000")
    assert result.exit_code == 2
    assert "hidden=10000000 needs ~" in result.output and "of memory" in result.output
    result = invoke("run", "optimizer-race", "--headless", "--set", "iterations=1000000000000")
    assert result.exit_code == 2 and "at most 7 days is allowed" in result.output


def test_lang_picks_the_language_of_every_message_and_en_wins_over_the_locale(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The language is chosen once, first thing: `--lang` before or after the command,
    else the locale; an explicit `--lang en` beats `LANG=ja_JP.UTF-8`."""
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    args = ["run", "dropout", "--headless", "--seed", "-1"]
    japanese = "nntui: --seed には 0 以上の整数を指定してください（指定された値: -1）。\n"
    english = "nntui: --seed must be an integer >= 0 (got -1)\n"
    assert invoke(*args).stderr == japanese
    assert invoke("--lang", "en", *args).stderr == english
    assert invoke(*args, "--lang", "en").stderr == english
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert invoke(*args).stderr == english
    assert invoke("--lang", "ja", *args).stderr == japanese
    # A command without its own --lang (new) follows the top-level one.
    result = invoke("--lang", "ja", "new", "dropout", "x.txt")
    assert result.exit_code == 2
    assert result.stderr == ("nntui: 実験ファイルの名前は .toml で終わる必要があります"
                             "（指定された値: x.txt）。\n")
