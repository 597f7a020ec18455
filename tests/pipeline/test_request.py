"""`resolve_run`: the one resolution both front ends use, and the one error they show."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nntui.core.errors import UserError
from nntui.pipeline.exit_codes import say
from nntui.pipeline.request import RunChoices, resolve_run, smoothing_of
from tests.tui.conftest import tiny_presets


def test_dataset_name_is_matched_case_insensitively() -> None:
    request = resolve_run(RunChoices("optimizer-race", "MNIST", seed=3))
    assert request.config.dataset == "mnist"
    assert request.config.seed == 3
    assert request.preset.name == "optimizer-race"


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (RunChoices("nope"), "unknown preset 'nope'"),
        (RunChoices("init-compare", "cifar"), "init-compare runs on digits, mnist, "),
        (RunChoices("optimizer-paths", "digits"),
         "optimizer-paths uses no dataset (got --dataset digits)"),
        (RunChoices("init-compare", overrides={"lr": "-1"}), "lr must be a number > 0"),
    ],
)
def test_bad_choices_raise_one_error_type(choices: RunChoices, message: str) -> None:
    with pytest.raises(UserError, match="^" + message.replace("(", r"\(")
                       .replace(")", r"\)")):
        resolve_run(choices)


def test_a_bad_out_is_input_error_and_a_good_one_is_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="is a file, not a directory"):
        resolve_run(RunChoices("optimizer-race"), out=blocker)
    request = resolve_run(RunChoices("optimizer-race"), out=tmp_path / "a" / "b")
    assert request.out is not None and request.out.is_dir()


def test_typed_values_and_a_given_catalog() -> None:
    presets = tiny_presets()
    request = resolve_run(RunChoices("tiny-race", "spiral", typed={"lr": 0.5}),
                          presets=presets)
    assert request.config["lr"] == 0.5 and request.config.dataset == "spiral"
    with pytest.raises(UserError, match="unknown preset 'optimizer-race'"):
        resolve_run(RunChoices("optimizer-race"), presets=presets)


def test_say_writes_one_prefixed_line() -> None:
    err = io.StringIO()
    say(UserError("lr must be a number > 0"), err)
    assert err.getvalue() == "nntui: lr must be a number > 0\n"


def test_the_picker_hands_the_preset_itself() -> None:
    """RunChoices may carry the Preset (the picker holds it): no lookup by name, so a
    preset outside the built-in catalog resolves without naming its catalog."""
    preset = tiny_presets()["tiny-race"]
    request = resolve_run(RunChoices(preset, "spiral", seed=2))
    assert request.preset is preset
    assert (request.config.preset, request.config.dataset, request.config.seed) == (
        "tiny-race", "spiral", 2)


def test_smoothing_parsed_once_with_a_default() -> None:
    race = resolve_run(RunChoices("optimizer-race", overrides={"smoothing": "0.6"}))
    assert smoothing_of(race.config) == 0.6 == race.smoothing
    # A preset without a smoothing setting gets the default.
    paths = resolve_run(RunChoices("optimizer-paths"))
    assert "smoothing" not in paths.config.as_dict()
    assert smoothing_of(paths.config) == 0.9
