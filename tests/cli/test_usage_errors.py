"""Typer's own usage errors under `--lang ja` (issue 26): each one Japanese, one message,
exit code 2, and the "Try ... for help." line too; English exactly as Typer writes it.

Typer 0.28's copy of click writes these in plain English (no gettext), so
`nntui.cli.usage_errors` rebuilds them from the exception; a Typer upgrade that changes
a message shows here as an English line.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nntui.cli.app import app
from tests.i18n.english import english_words

#: What a usage error may show as typed: the command, its options and the bad values.
TYPED = {"nntui", "run", "OPTIONS", "COMMAND", "ARGS", "preset", "bogus", "book", "out",
         "seed", "abc", "h", "s", "lst", "list", "extra", "optimizer-race"}


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


#: The five errors of the review, each: arguments, the Japanese error line.
ERRORS = {
    "unknown option": (["run", "optimizer-race", "--bogus"],
                       "エラー: --bogus というオプションはありません（候補: --book、--out）。"),
    "not an int": (["run", "optimizer-race", "--seed", "abc"],
                   "エラー: '--seed' / '-s' の値が正しくありません: "
                   "'abc' は整数として読めません。"),
    "missing argument": (["run"], "エラー: 引数 'preset' を指定してください。"),
    "unknown command": (["bogus"], "エラー: 'bogus' というコマンドはありません。"),
    "unknown command, close to one": (
        ["lst"], "エラー: 'lst' というコマンドはありません。'list' のことですか？"),
    "extra argument": (["run", "optimizer-race", "extra"],
                       "エラー: 余分な引数があります（extra）。"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_a_usage_error_in_japanese(case: str) -> None:
    args, error = ERRORS[case]
    for argv in (["--lang", "ja", *args], [*args, "--lang", "ja"]):
        result = invoke(*argv)
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        command = "nntui run" if args[0] == "run" else "nntui"
        assert lines[0].startswith(f"使い方: {command} [OPTIONS]"), lines
        assert lines[1] == f"ヘルプは '{command} -h' で表示できます。", lines
        assert lines[-1] == error, lines
        assert result.stderr.count("エラー") == 1 and result.stdout == ""
        assert english_words(result.stderr, TYPED) == [], result.stderr


def test_the_locale_chooses_japanese_too() -> None:
    result = invoke("run", "optimizer-race", "--seed", "abc",
                    env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "ja_JP.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == ERRORS["not an int"][1]


def test_english_is_typers_own() -> None:
    result = invoke("run", "optimizer-race", "--bogus", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [
        "Try 'nntui run -h' for help.", "",
        "Error: No such option: --bogus (Possible options: --book, --out)"]
    result = invoke("run", "optimizer-race", "--seed", "abc", "--lang", "en")
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--seed' / '-s': 'abc' is not a valid int.")
    assert invoke("run", "--lang", "en").stderr.splitlines()[-1] == (
        "Error: Missing argument 'preset'.")
    assert invoke("bogus", "--lang", "en").stderr.splitlines()[-1] == (
        "Error: No such command 'bogus'.")
