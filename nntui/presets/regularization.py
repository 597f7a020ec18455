"""Presets about overfitting and what reduces it (book §6.4 and the source articles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.presets import common as c
from nntui.presets.base import Preset, Text
from nntui.presets.common import as_float, as_int
from nntui.presets.kinds.train import TrainBuilder, network, optimizer, spec
from nntui.presets.optimizers import ANY_DATA, IMAGES
from nntui.presets.params import Param, RunConfig

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec
    from nntui.core.optimizers import OptimizerConfig

#: The book's overfitting setup: 300 samples, 7 layers, SGD 0.01, batch 100.
_OVERFIT = (
    c.train_size(300),
    c.batch_size(100),
    c.hidden((100, 100, 100, 100, 100, 100)),
    c.lr(0.01),
)


def _sgd(config: RunConfig) -> OptimizerConfig:
    return optimizer("sgd", lr=as_float(config, "lr"))


# -- weight-decay ---------------------------------------------------------------------------
def decay_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    lam = as_float(config, "weight_decay")
    return [
        spec("no decay", network(config, dataset), _sgd(config)),
        spec("weight decay", network(config, dataset, l2=lam), _sgd(config)),
    ]


WEIGHT_DECAY = Preset(
    name="weight-decay",
    title=Text("Weight decay against overfitting", "Weight decay で過学習を抑える"),
    explanation=Text(
        "A 7-layer network (6 hidden layers of 100) trains on only the first 300 training "
        "samples for 201 epochs, enough to memorise them. The second copy adds ½λ‖W‖² to "
        "the loss (λ = 0.1), which pulls every weight toward zero by λW each step (figures "
        "6-20 and 6-21). Test accuracy is measured once per epoch on data it never trains on.",
        "7層のネットワーク（隠れ層100ユニット×6）を訓練データの先頭300件だけで201エポック学習"
        "し、わざと丸暗記させます。2つ目のネットワークは損失に ½λ‖W‖²（λ = 0.1）を加え、毎回の"
        "更新で重みを λW だけ0に引き戻します（図6-20、6-21）。テスト精度は、学習に使わないデータで"
        "エポックごとに測ります。",
    ),
    look_for=Text(
        "Without decay train accuracy reaches 1.0 with a wide gap to test; with λ = 0.1 "
        "train stays below 1.0 and the gap narrows.",
        "Weight decay なしでは訓練精度が1.0に達し、テスト精度との差が大きく開きます。λ = 0.1 では"
        "訓練精度は1.0に届かず、その差が縮まります。",
    ),
    panels=("accuracy", "loss", "histograms"),
    budget_key="epochs",
    params=(
        c.epochs(201),
        *_OVERFIT,
        c.non_negative("weight_decay", 0.1, "λ of the ½λ‖W‖² penalty (second series)"),
        c.smoothing(),
    ),
    series=("no decay", "weight decay"),
    builder=TrainBuilder(decay_series),
    datasets=IMAGES,
)


# -- dropout --------------------------------------------------------------------------------
def dropout_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    ratio = as_float(config, "dropout")
    return [
        spec("no dropout", network(config, dataset), _sgd(config)),
        spec("dropout", network(config, dataset, dropout=ratio), _sgd(config)),
    ]


DROPOUT = Preset(
    name="dropout",
    title=Text("Dropout against overfitting", "Dropout で過学習を抑える"),
    explanation=Text(
        "The same overfitting setup as weight decay (first 300 samples, 7 layers, SGD 0.01) "
        "for 301 epochs, with and without dropout: during training each hidden unit is "
        "switched off at random with probability 0.2, at test time all units stay on "
        "(figure 6-23). The network cannot rely on any single unit.",
        "Weight decay と同じ過学習の設定（先頭300件、7層、SGD 0.01）で301エポック、Dropout あり"
        "となしを比べます。学習中は隠れ層の各ユニットを確率0.2でランダムに消し、テスト時はすべての"
        "ユニットを使います（図6-23）。特定のユニットに頼れなくなります。",
    ),
    look_for=Text(
        "Dropout narrows the train–test gap; its train accuracy stays below 1.0.",
        "Dropout ありでは訓練精度とテスト精度の差が縮まり、訓練精度は1.0に届きません。",
    ),
    panels=("accuracy", "loss", "histograms"),
    budget_key="epochs",
    params=(
        c.epochs(301),
        *_OVERFIT,
        c.ratio("dropout", 0.2, "dropout ratio of the second series"),
        c.smoothing(),
    ),
    series=("no dropout", "dropout"),
    builder=TrainBuilder(dropout_series),
    datasets=IMAGES,
)

# -- regularizers ---------------------------------------------------------------------------
REGULARIZER_SERIES = ("none", "L1", "L2", "elastic")


def regularizer_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    l1, l2 = as_float(config, "l1"), as_float(config, "l2")
    opt = _sgd(config)
    return [
        spec("none", network(config, dataset), opt),
        spec("L1", network(config, dataset, l1=l1), opt),
        spec("L2", network(config, dataset, l2=l2), opt),
        # Elastic net: half of each penalty, so its total strength is comparable.
        spec("elastic", network(config, dataset, l1=l1 / 2, l2=l2 / 2), opt),
    ]


REGULARIZERS = Preset(
    name="regularizers",
    title=Text("L1, L2 and elastic-net penalties", "L1・L2・Elastic Net 正則化"),
    explanation=Text(
        "Four copies of one network train on the first 300 samples: without a penalty, with "
        "L1 (λ₁Σ|W|, which pushes every weight toward zero by the same amount each step), with "
        "L2 (½λ₂‖W‖², which shrinks each weight in proportion to its size) and with elastic "
        "net (half of each). The table reports each network's sparsity: the fraction of "
        "weights with |w| < 0.001.",
        "同じネットワークを先頭300件で4通りに学習します。ペナルティなし、L1（λ₁Σ|W|：毎回すべての"
        "重みを同じ量だけ0に近づける）、L2（½λ₂‖W‖²：重みをその大きさに比例して縮める）、そして"
        "両方を半分ずつ加える Elastic Net です。表には各ネットワークのスパース性（|w| < 0.001 の"
        "重みの割合）を示します。",
    ),
    look_for=Text(
        "L1 drives many weights to (almost exactly) zero, L2 makes them small but not zero; "
        "elastic net lies in between. Both narrow the train–test gap.",
        "L1 は多くの重みをほぼ正確に0にし、L2 は重みを小さくしますが0にはしません。Elastic Net は"
        "その中間です。どちらも訓練精度とテスト精度の差を縮めます。",
    ),
    panels=("accuracy", "loss", "table", "histograms"),
    budget_key="epochs",
    params=(
        c.epochs(100),
        c.train_size(300),
        c.batch_size(100),
        c.hidden((100, 100)),
        c.lr(0.1),
        c.non_negative("l1", 0.001, "λ₁ of the L1 penalty λ₁Σ|W|"),
        c.non_negative("l2", 0.01, "λ₂ of the L2 penalty ½λ₂‖W‖²"),
        c.smoothing(),
    ),
    series=REGULARIZER_SERIES,
    builder=TrainBuilder(regularizer_series),
    summary_columns=("sparsity", "weight_norm"),
    datasets=ANY_DATA,
)


# -- early-stopping -------------------------------------------------------------------------
def early_stopping_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    patience = as_int(config, "patience")
    net = network(config, dataset)
    # Momentum drives the training loss to ~0 quickly, after which the validation loss
    # climbs steadily (over-confident mistakes): a clear minimum to stop at.
    opt = optimizer("momentum", lr=as_float(config, "lr"))
    return [
        spec("full run", net, opt),
        spec("early stop", net, opt, early_stopping=patience),
    ]


EARLY_STOPPING = Preset(
    name="early-stopping",
    title=Text("Early stopping on validation loss", "検証損失による Early Stopping"),
    explanation=Text(
        "The first 300 training samples are split: 20 % become validation data the network "
        "never trains on. Both series train the same network with Momentum on the same "
        "batches; the second one checks its validation loss every epoch, stops once it has "
        "not improved for `patience` epochs, and restores the weights from its best epoch.",
        "訓練データの先頭300件のうち20%を、学習には使わない検証データに分けます。2つの系列は"
        "同じネットワークを同じミニバッチで Momentum により学習しますが、2つ目はエポックごとに"
        "検証損失を確かめ、patience エポックのあいだ改善しなければ学習をやめて、"
        "最も良かったエポックの重みに戻します。",
    ),
    look_for=Text(
        "Validation loss falls, then rises as the network starts to memorise; the early "
        "stopper halts shortly after the minimum and keeps the weights from it.",
        "検証損失はいったん下がり、丸暗記が始まると上がり始めます。Early Stopping はその最小点の"
        "少し後で止まり、最小点での重みを保ちます。",
    ),
    panels=("loss", "accuracy"),
    budget_key="epochs",
    params=(
        c.epochs(200),
        c.train_size(300),
        c.val_fraction(0.2),
        c.batch_size(60),
        c.hidden((100, 100, 100)),
        c.lr(0.1, what="Momentum learning rate (α 0.9)"),
        Param("patience", 10, "int", "epochs without improvement before stopping", low=1),
        c.smoothing(),
    ),
    series=("full run", "early stop"),
    builder=TrainBuilder(early_stopping_series, val_fraction=0.2),
    datasets=ANY_DATA,
    loss_on_validation=True,
)


# -- noise-and-augmentation -----------------------------------------------------------------
def noise_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    net = network(config, dataset)
    noise = as_float(config, "noise")
    return [
        spec("plain", net, _sgd(config)),
        spec("noise", net, _sgd(config), input_noise=noise),
        spec("augment", net, _sgd(config), augment=True),
    ]


NOISE_AND_AUGMENTATION = Preset(
    name="noise-and-augmentation",
    title=Text("Input noise and data augmentation", "入力ノイズとデータ拡張"),
    explanation=Text(
        "Three copies of one network train on the first 300 images. The first sees them as "
        "they are; the second sees each training batch with Gaussian noise added to every "
        "pixel; the third sees each image slightly shifted and rotated at random. Test "
        "images are never changed. Both make the 300 images look like more data.",
        "同じネットワークを先頭300枚の画像で3通りに学習します。1つ目はそのまま、2つ目は各ミニ"
        "バッチの全画素にガウスノイズを加え、3つ目は画像をランダムに少しずらし・回転させます。"
        "テスト画像は変えません。どちらも300枚を、より多くのデータのように見せる工夫です。",
    ),
    look_for=Text(
        "The plain network memorises its 300 images fastest; noise and augmentation keep "
        "train accuracy lower and the gap to test accuracy smaller.",
        "そのままのネットワークが最も早く300枚を丸暗記します。ノイズとデータ拡張では訓練精度が"
        "低めに保たれ、テスト精度との差が小さくなります。",
    ),
    panels=("accuracy", "loss"),
    budget_key="epochs",
    params=(
        c.epochs(150),
        *_OVERFIT[:3],
        c.lr(0.05),
        c.non_negative("noise", 0.3, "std of the Gaussian noise added to input pixels"),
        c.smoothing(),
    ),
    series=("plain", "noise", "augment"),
    builder=TrainBuilder(noise_series),
    datasets=IMAGES,
)
