"""The allow-list check itself: it must flag UI English and let the allowed kinds through."""

from __future__ import annotations

from tests.i18n.english import english_words


def test_flags_english_ui_words() -> None:
    assert english_words("損失 (smooth 0.9)  test acc  ETA 0:07") == ["smooth", "test", "acc",
                                                                     "ETA"]
    assert english_words("▶ running  it 721/2,000") == ["running", "it"]


def test_lets_techniques_numbers_keys_and_identifiers_through() -> None:
    text = ("SGD  Momentum  AdaGrad  Adam  Batch Normalization  Weight decay  Dropout  ReLU "
            "L1 μ0.38 σ0.54  1e-4  x10  esc 戻る  enter 開始  ctrl+c  std=0.01  lr=0.1 "
            "fashion-mnist  weight-decay  0.01（--book）  oooxxo")
    assert english_words(text, {"lr", "fashion-mnist", "weight-decay"}) == []
    assert english_words("weight-decay", set()) == ["weight-decay"]
    assert english_words("the book", set()) == ["the", "book"]  # not an option without --
