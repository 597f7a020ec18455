"""Japanese for everything a preset shows: `--set` errors, budget refusals, the settings
form's help texts, series names (legends), summary columns, loss and sweep labels, and the
preset texts themselves. English stays as it was (pinned here where no other test pins it).
"""

from __future__ import annotations

import pytest

from nntui.i18n import use_language
from nntui.presets import PRESETS, get_preset
from nntui.presets.budget import check_budget
from nntui.presets.initialization import BN_SCALES, PLAIN_NAMES, bn_name, bn_sweep
from nntui.presets.params import ConfigError, Param, parse_assignments
from tests.i18n.english import english_words
from tests.i18n.helpers import ja

#: Technique names the book's readers know as they are, not yet on tests/i18n/english.py's
#: list (the activations preset compares them); ln as the book writes the chance-level loss;
#: memory units; values a user types (true/false, the tcp:// of a Dask address).
TECHNIQUE_NAMES = {"Leaky", "ELU", "Swish", "SiLU", "ln", "kB", "MB", "GB", "TB", "true",
                   "false", "tcp"}
DATASETS = {"digits", "mnist", "fashion-mnist", "spiral", "moons", "circles", "xor"}


def identifiers() -> set[str]:
    """What a user types and a screen may show as typed: preset, dataset and setting names,
    choice values, option names."""
    out = set(PRESETS) | DATASETS | TECHNIQUE_NAMES | {"book", "set", "data-dir", "dataset"}
    # lr-schedules' help texts name its schedules as experiment files write them.
    out |= {"step", "exponential"}
    for p in PRESETS.values():
        for param in p.params:
            out.add(param.key)
            out.update(param.choices)
    return out


def has_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _error(preset: str, **overrides: str) -> str:
    with pytest.raises(ConfigError) as err:
        PRESETS[preset].resolve(overrides=overrides)
    return str(err.value)


# -- --set errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("preset", "key", "value", "phrase"),
    [
        ("dropout", "lr", "0", "0 より大きい数値で指定してください"),
        ("dropout", "dropout", "1", "0 以上 1 未満の数値"),
        ("activation-histograms", "layers", "99", "1 以上 20 以下の整数"),
        ("dropout", "epochs", "1.5", "1 以上の整数"),
        ("dropout", "optimizer", "adamw", "sgd、momentum、adam のいずれか"),
        ("dropout", "hidden", "a,b", "カンマ区切りの正の整数"),
        ("noise-and-augmentation", "flip", "maybe", "true または false"),
        ("optimizer-paths", "start_x", "left", "数値で指定してください"),
        ("hparam-search", "executor", "cloud", "local、dask のいずれか"),
    ],
)
def test_bad_set_value_is_one_japanese_sentence(preset, key, value, phrase):
    use_language("ja")
    msg = _error(preset, **{key: value})
    assert phrase in msg
    assert msg.startswith(f"{key} は ") and f"'{value}'" in msg and msg.endswith("。")
    assert english_words(msg, identifiers() | {value}) == []


def test_bad_set_value_in_english_is_unchanged():
    assert _error("dropout", dropout="1") == "dropout must be a number >= 0 and < 1 (got '1')"
    assert _error("dropout", lr="0") == "lr must be a number > 0 (got '0')"
    assert (_error("activation-histograms", layers="99")
            == "layers must be an integer >= 1 and <= 20 (got '99')")
    assert _error("dropout", optimizer="x") == (
        "optimizer must be one of sgd, momentum, adam (got 'x')")


def test_unknown_setting_preset_and_malformed_set_in_japanese():
    use_language("ja")
    msg = _error("dropout", lrr="0.1")
    assert msg.startswith("設定 'lrr' はありません（'lr' のことですか？）。このプリセットの設定: ")
    with pytest.raises(ConfigError) as err:
        get_preset("dropot")
    assert str(err.value).startswith(
        "プリセット 'dropot' はありません（'dropout' のことですか？）。"
        "次のいずれかを選んでください: ")
    with pytest.raises(ConfigError) as err:
        parse_assignments(["lr0.1"])
    assert str(err.value) == "--set は key=value の形で指定してください（指定された値: 'lr0.1'）。"
    with pytest.raises(ConfigError) as err:
        PRESETS["dropout"].resolve(seed=-1)
    assert "シードは 0 以上の整数" in str(err.value) and "-1" in str(err.value)
    for text in (msg, str(err.value)):
        assert english_words(text, identifiers() | {"lrr"}) == []


def test_search_range_error_in_japanese():
    use_language("ja")
    config = PRESETS["hparam-search"].resolve(overrides={"lr_log_min": "-1", "lr_log_max": "-2"})
    from nntui.presets.kinds.search import search_settings

    with pytest.raises(ConfigError) as err:
        search_settings(config)
    msg = str(err.value)
    assert msg == "lr_log_min は lr_log_max より小さくしてください（指定された値: -1 と -2）。"


@pytest.mark.parametrize("kind", ["memory", "time"])
def test_budget_refusal_in_japanese(kind):
    use_language("ja")
    preset = PRESETS["optimizer-race"]
    if kind == "memory":
        config = preset.resolve(overrides={"hidden": "100000,100000"})
        with pytest.raises(ConfigError) as err:
            check_budget(preset, config, memory=8 * 10**9, madds_per_s=1e9)
        msg = str(err.value)
        assert msg.startswith("hidden=100000,100000 には約 ")
        assert "このマシンのメモリは 8 GB です。hidden を小さくしてください。" in msg
    else:
        config = preset.resolve(overrides={"iterations": "100000000000"})
        with pytest.raises(ConfigError) as err:
            check_budget(preset, config, memory=10**12, madds_per_s=1e9)
        msg = str(err.value)
        assert msg.startswith("iterations=100000000000 はこのマシンの速度で約 ")
        assert "年かかります。上限は 7 日です。iterations を小さくしてください。" in msg
    assert english_words(msg, identifiers()) == []


# -- what the settings form and the dashboard show ----------------------------------------
def _all_params() -> list[tuple[str, Param]]:
    return [(p.name, param) for p in PRESETS.values() for param in p.params]


@pytest.mark.parametrize(("preset", "param"), _all_params(),
                         ids=[f"{n}-{p.key}" for n, p in _all_params()])
def test_every_param_help_and_range_has_japanese(preset, param):
    assert param.help, f"{preset}: {param.key} has no help text"
    help_ja = ja(param.help)
    assert help_ja != param.help and has_japanese(help_ja)
    use_language("ja")
    allowed = param.allowed()
    assert english_words(help_ja + " " + allowed, identifiers()) == []
    assert has_japanese(allowed) or param.kind == "bool"


def test_every_series_name_shows_in_japanese_or_has_no_english_word():
    missing = []
    for p in PRESETS.values():
        for name in p.series:
            shown = ja(name)
            if english_words(shown, identifiers()):
                missing.append((p.name, name, shown))
    assert missing == []


def test_series_names_stay_english_identifiers():
    """Results files and experiment files use the English names."""
    assert PRESETS["dropout"].series == ("no dropout", "dropout")
    assert PRESETS["regularizers"].series == ("none", "L1", "L2", "elastic")
    assert ja("no dropout") == "Dropout なし" and ja("early stop") == "早期終了"


def test_batchnorm_plain_names_are_the_generated_ones():
    """The catalog can only extract literal names: PLAIN_NAMES must be what bn_name makes."""
    assert PLAIN_NAMES == tuple(bn_name(w, False) for w in BN_SCALES)
    assert set(PLAIN_NAMES) | {bn_name(w, True) for w in BN_SCALES} == set(
        PRESETS["batchnorm"].series)
    curves = {bn_sweep(n)[0] for n in PRESETS["batchnorm"].series}
    assert {ja(c) for c in curves} == {"BN", "BN なし"}


def test_labels_columns_and_texts_have_japanese():
    missing = []
    for p in PRESETS.values():
        texts = [p.title, p.explanation, p.look_for, p.view.loss_label, *p.view.summary_columns]
        texts += [p.book_look_for] if p.book_look_for else []
        texts += [p.view.sweep_label] if p.view.sweep_label else []
        for text in texts:
            shown = ja(text)
            if english_words(shown, identifiers()):
                missing.append((p.name, text, english_words(shown, identifiers())))
    assert missing == []
    assert ja("loss") == "損失" and ja("weight scale") == "重みのスケール"


@pytest.mark.parametrize("term", ["過学習", "重みの初期値", "活性化関数", "ハイパーパラメータ",
                                  "検証データ", "早期終了"])
def test_the_books_terms_are_used(term):
    texts = [ja(t) for p in PRESETS.values() for t in (p.title, p.explanation, p.look_for)]
    assert any(term in t for t in texts)


def test_no_off_terms_in_preset_texts():
    """Words the book does not use for these ideas (review of the moved texts)."""
    texts = " ".join(ja(t) for p in PRESETS.values()
                     for t in (p.title, p.explanation, p.look_for, p.book_look_for or ""))
    for off in ("ユニット", "Early Stopping", "偶然レベル", "反復回数", "本の", "ですです"):
        assert off not in texts


def test_no_sentence_is_said_twice():
    for p in PRESETS.values():
        for text in (p.explanation, p.look_for, p.book_look_for or ""):
            sentences = [s for s in ja(text).split("。") if s]
            assert len(sentences) == len(set(sentences)), (p.name, text)
