"""The look-for line follows the number of seeds a run actually trains on: the mean of K
where K is the measured number or more, a plain warning where it is fewer."""

from __future__ import annotations

from nntui.i18n import use_language
from nntui.presets import PRESETS
from nntui.presets.look_for import claim_seeds, look_for_line, seeds_note


def test_the_note_names_the_k_run_and_warns_below_the_measured_k() -> None:
    assert seeds_note(1, 1) == ""
    assert seeds_note(5, 5) == "(mean of 5 seeds)"
    assert seeds_note(8, 5) == "(mean of 8 seeds)"
    assert seeds_note(3, 1) == "(mean of 3 seeds)"
    two = seeds_note(2, 10)
    assert two == "(mean of 2 seeds: noisier than the 10 measured)"
    one = seeds_note(1, 5)
    assert one == "(one seed: noisier than the 5 measured)"


def test_the_measured_k_is_the_presets_default_on_the_dataset() -> None:
    dropout = PRESETS["dropout"]
    assert claim_seeds(dropout, "digits") == 5 and claim_seeds(dropout, "mnist") == 10
    assert claim_seeds(PRESETS["weight-decay"], "digits") == 8
    assert claim_seeds(PRESETS["optimizer-race"], "mnist") == 1


def test_the_line_follows_the_seeds_of_the_run_not_a_number_in_the_text() -> None:
    dropout = PRESETS["dropout"]
    text = dropout.look_for_text(False, "mnist")
    assert "seeds" not in text  # the count is no longer written into the preset's text
    default = look_for_line(dropout, dataset="mnist")
    assert default == f"{text} (mean of 10 seeds)"
    fewer = look_for_line(dropout, dataset="mnist", seeds=3)
    assert fewer == f"{text} (mean of 3 seeds: noisier than the 10 measured)"
    race = PRESETS["optimizer-race"]
    assert look_for_line(race, dataset="mnist", seeds=1) == race.look_for_text(False, "mnist")
    assert look_for_line(race, dataset="mnist", seeds=4).endswith("(mean of 4 seeds)")


def test_no_look_for_text_writes_a_seed_count_of_its_own() -> None:
    for preset in PRESETS.values():
        texts = [preset.look_for, preset.book_look_for or "",
                 *(t for _ds, t in preset.look_for_on + preset.book_look_for_on)]
        for text in texts:
            assert "mean of" not in text or "seeds" not in text, (preset.name, text)


def test_the_note_in_japanese() -> None:
    use_language("ja")  # the suite's conftest sets English again after each test
    line = look_for_line(PRESETS["dropout"], dataset="digits", seeds=1)
    assert line.endswith("（1シード。測った5シードの平均よりばらつきます）")
    assert " （" not in line  # joined without a space after 。
    assert look_for_line(PRESETS["dropout"], dataset="digits").endswith("（5シードの平均）")
