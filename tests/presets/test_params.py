"""Param parsing/validation: the messages `--set` and the settings form both show."""

import pytest

from nntui.presets.params import ConfigError, Param, parse_assignments, resolve

LR = Param("lr", 0.01, "float", low=0.0, low_open=True)
BATCH = Param("batch_size", 100, "int", low=1)
RATIO = Param("dropout", 0.2, "float", low=0.0, high=1.0, high_open=True)
HIDDEN = Param("hidden", (100, 100), "ints")
ACT = Param("activation", "relu", "str", choices=("relu", "sigmoid"))
BN = Param("batch_norm", False, "bool")
PARAMS = (LR, BATCH, RATIO, HIDDEN, ACT, BN)


@pytest.mark.parametrize(
    ("param", "text", "expected"),
    [
        (LR, "0.1", 0.1),
        (LR, " 1e-3 ", 0.001),
        (BATCH, "128", 128),
        (BATCH, "1e2", 100),
        (RATIO, "0", 0.0),
        (HIDDEN, "50, 60,70", (50, 60, 70)),
        (ACT, "sigmoid", "sigmoid"),
        (BN, "yes", True),
        (BN, "off", False),
    ],
)
def test_parse_accepts(param: Param, text: str, expected: object) -> None:
    value = param.parse(text)
    assert value == expected
    assert type(value) is type(expected)
    assert param.parse(param.format(value)) == value


@pytest.mark.parametrize(
    ("param", "text", "message"),
    [
        (LR, "0", "lr must be a number > 0 (got '0')"),
        (LR, "-1", "lr must be a number > 0 (got '-1')"),
        (LR, "abc", "lr must be a number > 0 (got 'abc')"),
        (LR, "nan", "lr must be a number > 0 (got 'nan')"),
        (BATCH, "0", "batch_size must be an integer >= 1 (got '0')"),
        (BATCH, "2.5", "batch_size must be an integer >= 1 (got '2.5')"),
        (RATIO, "1", "dropout must be a number >= 0 and < 1 (got '1')"),
        (HIDDEN, "100,-5", "hidden must be comma-separated positive integers"),
        (HIDDEN, "", "hidden must be comma-separated positive integers"),
        (ACT, "relux", "activation must be one of relu, sigmoid (got 'relux')"),
        (BN, "maybe", "batch_norm must be true or false (got 'maybe')"),
    ],
)
def test_parse_rejects_with_clear_message(param: Param, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        param.parse(text)
    assert message in str(info.value)


def test_resolve_applies_overrides_in_param_order() -> None:
    cfg = resolve("p", PARAMS, dataset="digits", seed=3, overrides={"lr": "0.5", "hidden": "7"})
    assert [k for k, _ in cfg.values] == [p.key for p in PARAMS]
    assert cfg["lr"] == 0.5 and cfg["hidden"] == (7,) and cfg["batch_size"] == 100
    assert cfg.to_json() == {
        "preset": "p",
        "dataset": "digits",
        "seed": 3,
        "book": False,
        "params": {
            "lr": 0.5,
            "batch_size": 100,
            "dropout": 0.2,
            "hidden": [7],
            "activation": "relu",
            "batch_norm": False,
        },
    }
    assert cfg.with_values(lr=0.25)["lr"] == 0.25
    assert cfg["lr"] == 0.5  # frozen: with_values returned a new config


def test_resolve_unknown_key_lists_known_keys() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'bogus'; this preset has: activation"):
        resolve("p", PARAMS, dataset="digits", seed=0, overrides={"bogus": "1"})


def test_resolve_rejects_negative_seed() -> None:
    with pytest.raises(ConfigError, match="seed must be an integer >= 0"):
        resolve("p", PARAMS, dataset="digits", seed=-1)


def test_parse_assignments() -> None:
    assert parse_assignments(["a=1", "b = x=y"]) == {"a": "1", "b": " x=y"}
    with pytest.raises(ConfigError, match="--set takes key=value"):
        parse_assignments(["novalue"])


def test_defaults_follow_the_dataset_and_the_book_flag() -> None:
    """Teaching defaults may differ per dataset; --book gives the book's value everywhere."""
    from nntui.presets.params import taught

    lr = taught(LR, book=0.01, mnist=0.2, fashion_mnist=0.3)
    assert lr.default_for("digits") == LR.default
    assert lr.default_for("mnist") == 0.2
    assert lr.default_for("fashion-mnist") == 0.3
    for ds in ("digits", "mnist", "fashion-mnist"):
        assert lr.default_for(ds, book=True) == 0.01
    cfg = resolve("p", (lr, BATCH), dataset="mnist", seed=0)
    assert cfg["lr"] == 0.2 and not cfg.book
    book = resolve("p", (lr, BATCH), dataset="mnist", seed=0, book=True)
    assert book["lr"] == 0.01 and book.book and book.to_json()["book"] is True
    # An override still wins over the book's value.
    assert resolve("p", (lr,), dataset="mnist", seed=0, book=True, overrides={"lr": "0.5"})[
        "lr"] == 0.5
