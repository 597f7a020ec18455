"""A bad experiment file gets one message naming the file, the line, the key and what is
allowed; `nntui run FILE.toml` prints it and exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from nntui.experiments.load import key_line, load, parse
from nntui.presets.params import ConfigError

HEAD = 'dataset = "digits"\niterations = 10\n'  # lines 1-2
ONE = '\n[[series]]\nname = "a"\n'  # lines 3-5 after HEAD


# (id, file text, line of the problem, fragments the message must contain)
CASES = [
    ("unknown top key -> closest", HEAD + "learning_rate = 0.1\n" + ONE, 3,
     ["unknown key 'learning_rate'", "did you mean 'lr'?", "the top level may set:",
      "iterations"]),
    ("unknown series key -> closest", HEAD + ONE + 'optimiser = "adam"\n', 6,
     ["[[series]] 1 ('a')", "unknown key 'optimiser'", "did you mean 'optimizer'?",
      "a series may set: name, optimizer"]),
    ("wrong type: text for a number", HEAD + ONE + 'lr = "fast"\n', 6,
     ["lr must be a number > 0 (got 'fast')"]),
    ("out of range ratio", HEAD + ONE + "dropout = 1.5\n", 6,
     ["dropout must be a number >= 0 and < 1 (got 1.5)"]),
    ("out of range int", HEAD + "batch_size = 0\n" + ONE, 3,
     ["batch_size must be an integer >= 1 (got 0)"]),
    ("wrong type: text for a bool", HEAD + ONE + 'batch_norm = "yes"\n', 6,
     ["batch_norm must be true or false (got 'yes')"]),
    ("not one of the choices", HEAD + ONE + 'optimizer = "adamw"\n', 6,
     ["optimizer must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam",
      "(got 'adamw')"]),
    ("hidden with a negative size", HEAD + "hidden = [100, -1]\n" + ONE, 3,
     ["hidden must be an array of positive integers, e.g. [100, 100] (got [100, -1])"]),
    ("hidden not an array", HEAD + ONE + "hidden = 100\n", 6,
     ["hidden must be an array of positive integers"]),
    ("init neither name nor std", HEAD + ONE + 'init = "glorot"\n', 6,
     ["init must be he, xavier or a fixed std (a number > 0), e.g. 0.01 (got 'glorot')"]),
    ("init std not positive", HEAD + ONE + "init = -0.01\n", 6, ["init must be he, xavier"]),
    ("int given as a fraction", 'dataset = "digits"\niterations = 10.5\n' + ONE, 2,
     ["iterations must be an integer >= 1 (got 10.5)"]),
    ("duplicate series names", HEAD + ONE + '\n[[series]]\nname = "b"\n\n[[series]]\n'
     'name = "a"\n', 11, ["[[series]] 3 ('a')", "duplicate series name 'a'",
                          "series 1 has it too"]),
    ("missing series", HEAD + "lr = 0.1\n", 1, ["no series", "[[series]]"]),
    ("series without a name", HEAD + '\n[[series]]\nlr = 0.1\n', 4,
     ["[[series]] 1", "every series needs a name"]),
    ("empty series name", HEAD + '\n[[series]]\nname = "  "\n', 5,
     ["name must be non-empty text"]),
    ("bad TOML syntax", HEAD + "lr = = 3\n" + ONE, 3, ["not valid TOML", "column"]),
    ("duplicate TOML key", HEAD + "lr = 0.1\nlr = 0.2\n" + ONE, 4, ["not valid TOML"]),
    ("both budgets", HEAD + "epochs = 3\n" + ONE, 3,
     ["give the budget as iterations or as epochs, not both"]),
    ("early stopping without validation data", HEAD + ONE + "early_stopping = 5\n", 6,
     ["early_stopping needs validation data", "val_fraction"]),
    ("augmentation on 2-D points", 'dataset = "spiral"\niterations = 10\n' + ONE
     + "augment = true\n", 6, ["augment works on images", "not on spiral"]),
    ("unknown dataset", 'dataset = "digit"\niterations = 10\n' + ONE, 1,
     ["dataset must be one of digits, mnist", "(got 'digit')", "did you mean 'digits'?"]),
    ("title not text", HEAD + "title = 3\n" + ONE, 3, ["title must be text in quotes"]),
    ("series as one table", HEAD + '\n[series]\nname = "a"\n', 4,
     ["series must be [[series]] tables"]),
    ("unknown table", HEAD + "\n[training]\nlr = 0.1\n" + ONE, 4,
     ["unknown key 'training'"]),
    ("seeds out of range", HEAD + "seeds = 21\n" + ONE, 3,
     ["seeds must be an integer >= 1 and <= 20 (got 21)"]),
    ("seed belongs on the command line", HEAD + "seed = 3\n" + ONE, 3,
     ["unknown key 'seed': give it as --seed on the command line"]),
]


@pytest.mark.parametrize(("text", "line", "fragments"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_file_message(tmp_path: Path, text: str, line: int, fragments: list[str]) -> None:
    path = tmp_path / "exp.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert "\n" not in message or "no series" in message  # one message (the hint spans lines)
    for fragment in fragments:
        assert fragment in message, message


def test_unreadable_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read experiment file .*missing"):
        load(tmp_path / "missing.toml")
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\xff\xfe\x00lr")
    with pytest.raises(ConfigError, match=r"b.toml:1: not a text file"):
        load(binary)


def test_cli_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(HEAD + ONE + "learning_rate = 0.1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(path), "--headless"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"nntui: {path}:6: [[series]] 1 ('a'): unknown key 'learning_rate' (did you mean "
        "'lr'?); a series may set: name, optimizer, lr, momentum, decay_rate, beta1, beta2, "
        "schedule, warmup, step_size, gamma, min_ratio, init, activation, batch_norm, "
        "dropout, l1, l2, input_noise, augment, augment_shift, augment_degrees, "
        "augment_flip, early_stopping, batch_size, hidden"]
    assert result.stdout == ""


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", str(tmp_path / "nope.toml"), "--headless"])
    assert result.exit_code == 2
    assert "cannot read experiment file" in result.stderr


def test_key_line_tracks_tables_and_quoted_keys() -> None:
    text = ('lr = 1\n# lr = 2 in a comment\n[[series]]\nname = "a"\n"lr" = 3\n'
            "[[series]]\nname = 'b'\n  lr=4\n[other]\nlr = 5\n")
    assert key_line(text, "lr") == 1
    assert key_line(text, "lr", 0) == 5
    assert key_line(text, "lr", 1) == 8
    assert key_line(text, None, 1) == 6
    assert key_line(text, "other") == 9
    assert key_line(text, "dropout", 1) == 6  # not there: the table's header
    assert key_line(text, "dropout") == 1


def test_good_file_values(tmp_path: Path) -> None:
    d = parse(HEAD + "init = 0.01\nhidden = [50]\n" + ONE + 'optimizer = "adam"\n'
              "lr = 1\n\n[[series]]\nname = \"b\"\n", tmp_path / "ok.toml")
    assert d.name == "ok.toml" and d.title == "ok"
    assert dict(d.shared) == {"iterations": 10, "init": "0.01", "hidden": (50,)}
    assert [s.name for s in d.series] == ["a", "b"]
    assert d.series[0].values == (("optimizer", "adam"), ("lr", 1.0))
    assert isinstance(d.series[0].get("lr"), float)
    assert d.differing() == ("optimizer", "lr")
