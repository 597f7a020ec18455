"""Presets about what flows through a network: weight init, activation functions, batch
normalization (book §6.2-6.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nntui.presets import common as c
from nntui.presets.base import Preset, Text
from nntui.presets.common import as_float
from nntui.presets.kinds.histograms import PROBE_SERIES, build_histograms
from nntui.presets.kinds.train import TrainBuilder, network, optimizer, spec
from nntui.presets.optimizers import ANY_DATA, IMAGES
from nntui.presets.params import Param, RunConfig

if TYPE_CHECKING:  # core (and NumPy) load on the first build, not with the catalog
    from nntui.core.data import Dataset
    from nntui.core.experiment import SeriesSpec

# -- activation-histograms ------------------------------------------------------------------
ACTIVATION_HISTOGRAMS = Preset(
    name="activation-histograms",
    title=Text("Activation histograms by weight init", "重みの初期値とアクティベーション分布"),
    explanation=Text(
        "1000 random inputs (randn, 100 values each) go forward, without any training, through "
        "5 layers of 100 units with no bias. Each of sigmoid, tanh and ReLU is tried with "
        "weights drawn at std 1, std 0.01, Xavier √(1/n) and He √(2/n), and the histogram of "
        "every layer's output is drawn (figures 6-10 to 6-14). Healthy layers keep a spread "
        "of values; collapsed ones stop passing gradient or information.",
        "平均0・分散1の乱数で作った1000件の入力（各100個）を、学習はせずに、バイアスなしの100"
        "ユニット×5層に順伝播します。sigmoid・tanh・ReLU のそれぞれについて、重みの標準偏差を1、"
        "0.01、Xavier √(1/n)、He √(2/n) にした場合の、各層の出力のヒストグラムを描きます"
        "（図6-10〜6-14）。健全な層は値が広がり、偏った層は勾配や情報を伝えられなくなります。",
    ),
    look_for=Text(
        "sigmoid std 1 piles up at 0 and 1 (vanishing gradients); std 0.01 piles up at 0.5 "
        "(no expressiveness); Xavier stays spread in every layer; ReLU with He stays even "
        "across layers while std 0.01 collapses to 0.",
        "sigmoid で std 1 だと値が0と1に偏り（勾配消失）、std 0.01 だと0.5付近に集まります（表現力"
        "の制限）。Xavier ではどの層でも広がりが保たれます。ReLU では He の初期値で層が深くなっても"
        "分布が均一に保たれ、std 0.01 では0に潰れていきます。",
    ),
    panels=("histograms", "table"),
    budget_key="steps",
    params=(
        c.steps(1, "forward passes of fresh random inputs added to the histograms"),
        Param("samples", 1000, "int", "random input rows per pass", low=1),
        Param("width", 100, "int", "units per layer (and input size)", low=1),
        Param("layers", 5, "int", "layers", low=1, high=20),
        Param("bins", 30, "int", "histogram bins", low=2, high=200),
    ),
    series=PROBE_SERIES,
    builder=build_histograms,
    summary_columns=("last_mean", "last_std", "last_saturated"),
    histogram_range="shared",
    datasets=(),
    default_dataset="none",
)

# -- init-compare ---------------------------------------------------------------------------
INIT_SERIES = ("std=0.01", "Xavier", "He")


def init_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    inits: tuple[str | float, ...] = (as_float(config, "small_std"), "xavier", "he")
    return [
        spec(name, network(config, dataset, init=init), opt)
        for name, init in zip(INIT_SERIES, inits, strict=True)
    ]


INIT_COMPARE = Preset(
    name="init-compare",
    title=Text("Weight initialization: std 0.01 vs Xavier vs He", "重みの初期値の比較"),
    explanation=Text(
        "Three copies of a 5-layer ReLU network (100 units per hidden layer) train with SGD "
        "(lr 0.01, batch 128, 2000 iterations) and differ only in the scale of their initial "
        "weights: a fixed std of 0.01, Xavier √(1/n) or He √(2/n), n = fan-in (figure 6-15). "
        "Too small a scale shrinks the signal layer by layer until nothing is learnt.",
        "5層の ReLU ネットワーク（隠れ層100ユニット）を SGD（学習率0.01、バッチ128、2000回）で"
        "学習し、重みの初期値の大きさだけを変えます。標準偏差0.01、Xavier √(1/n)、He √(2/n)"
        "（n は前の層のノード数）の3通りです（図6-15）。小さすぎる初期値では信号が層ごとに縮み、"
        "何も学習できません。",
    ),
    look_for=Text(
        "std=0.01 stays flat at the chance level (ln 10 ≈ 2.3 for ten classes, ln 2 for two); "
        "Xavier and He both learn, He faster.",
        "std=0.01 の損失は当て推量の水準（10クラスなら ln 10 ≈ 2.3、2クラスなら ln 2）のまま"
        "下がりません。Xavier と He はどちらも学習し、He の方が速く下がります。",
    ),
    panels=("loss", "accuracy", "histograms"),
    budget_key="iterations",
    params=(
        c.iterations(2000),
        c.batch_size(128),
        c.hidden((100, 100, 100, 100)),
        c.lr(0.01),
        Param("small_std", 0.01, "float", "the fixed std of the first series", low=0.0,
              low_open=True),
        c.eval_every(100),
        c.smoothing(),
    ),
    series=INIT_SERIES,
    builder=TrainBuilder(init_series),
    histogram_range="shared",
    datasets=ANY_DATA,
)

# -- activations ----------------------------------------------------------------------------
#: (series, activation, init matched to it)
ACTIVATION_FUNCS: tuple[tuple[str, str, str], ...] = (
    ("sigmoid", "sigmoid", "xavier"),
    ("tanh", "tanh", "xavier"),
    ("ReLU", "relu", "he"),
    ("Leaky ReLU", "leaky_relu", "he"),
    ("ELU", "elu", "he"),
    ("Swish", "swish", "he"),
)


def activation_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    return [
        spec(name, network(config, dataset, activation=act, init=init), opt)
        for name, act, init in ACTIVATION_FUNCS
    ]


ACTIVATIONS = Preset(
    name="activations",
    title=Text("Activation functions side by side", "活性化関数の比較"),
    explanation=Text(
        "One 5-layer network (100 units per hidden layer) trained with SGD on the same "
        "batches, six times: with sigmoid, tanh, ReLU, Leaky ReLU, ELU and Swish (SiLU). "
        "sigmoid and tanh start from Xavier weights, the ReLU family from He weights, as the "
        "book recommends. sigmoid's gradient is at most 0.25, so it shrinks on its way back "
        "through every layer.",
        "同じ5層ネットワーク（隠れ層100ユニット）を、同じミニバッチで SGD により6回学習します。"
        "活性化関数は sigmoid・tanh・ReLU・Leaky ReLU・ELU・Swish（SiLU）です。書籍の推奨どおり、"
        "sigmoid と tanh は Xavier、ReLU 系は He の初期値から始めます。sigmoid の微分は最大でも"
        "0.25なので、逆伝播で層を通るたびに勾配が小さくなります。",
    ),
    look_for=Text(
        "The ReLU family and tanh drop quickly; sigmoid stays on or near its plateau at the "
        "chance level (ln 10 ≈ 2.3 for ten classes), in this deep net often for the whole "
        "run, far behind the others: its gradients vanish.",
        "ReLU 系と tanh はすばやく損失が下がります。sigmoid は当て推量の水準（10クラスなら "
        "ln 10 ≈ 2.3）の平らな所かその近くにとどまり、この深いネットワークでは最後まで抜け出せない"
        "こともあり、ほかに大きく遅れます（勾配消失）。",
    ),
    panels=("loss", "accuracy", "histograms", "boundary"),
    budget_key="iterations",
    params=(
        c.iterations(2000),
        c.batch_size(128),
        c.hidden((100, 100, 100, 100)),
        c.lr(0.1),
        c.eval_every(100),
        c.smoothing(),
    ),
    series=tuple(name for name, *_ in ACTIVATION_FUNCS),
    builder=TrainBuilder(activation_series),
    # sigmoid escapes its plateau on spiral and moons: the look-for would not hold there.
    datasets=(*IMAGES, "circles", "xor"),
)

# -- batchnorm ------------------------------------------------------------------------------
#: The book's 16 weight scales, np.logspace(0, -4, num=16) (without importing NumPy here).
BN_SCALES: tuple[float, ...] = tuple(10.0 ** (-4.0 * i / 15) for i in range(16))


def bn_name(scale: float, batch_norm: bool) -> str:
    return f"{'BN' if batch_norm else 'plain'} w={scale:.2g}"


BN_SERIES: tuple[str, ...] = tuple(bn_name(w, bn) for w in BN_SCALES for bn in (True, False))
#: series name -> (curve, weight scale): the sweep panel's two curves (figure 6-19 at once).
_BN_SWEEP = {bn_name(w, bn): ("BN" if bn else "plain", w) for w in BN_SCALES
             for bn in (True, False)}


def bn_sweep(name: str) -> tuple[str, float] | None:
    """Where the series ``name`` sits on batchnorm's sweep: ("BN" | "plain", scale)."""
    return _BN_SWEEP.get(name)


def batchnorm_series(config: RunConfig, dataset: Dataset) -> list[SeriesSpec]:
    opt = optimizer("sgd", lr=as_float(config, "lr"))
    return [
        spec(bn_name(w, bn), network(config, dataset, init=w, batch_norm=bn), opt)
        for w in BN_SCALES
        for bn in (True, False)
    ]


BATCHNORM = Preset(
    name="batchnorm",
    title=Text("Batch normalization across weight scales", "Batch Normalization と重みの大きさ"),
    explanation=Text(
        "A 6-layer ReLU network (5 hidden layers of 100) trains on the first 1000 training "
        "samples for 20 epochs (SGD lr 0.01, batch 100), with and without batch normalization "
        "(Affine → BatchNorm → ReLU), for each of 16 initial weight scales from 1 down to "
        "0.0001 (figure 6-18): 32 networks. Batch norm rescales every layer's input to zero "
        "mean and unit variance, so the starting scale matters much less.",
        "6層の ReLU ネットワーク（隠れ層100ユニット×5）を、訓練データの先頭1000件で20エポック"
        "（SGD 学習率0.01、バッチ100）学習します。Batch Normalization あり（Affine → BatchNorm → "
        "ReLU）となしを、重みの初期値の標準偏差1から0.0001までの16通りで比べます（図6-18）。"
        "計32個のネットワークです。Batch Norm は各層の入力を平均0・分散1に整えるので、初期値の"
        "大きさにあまり左右されません。",
    ),
    look_for=Text(
        "With batch norm almost every scale learns (train accuracy rises); without it only "
        "a narrow band of scales does, the small ones stay at chance.",
        "Batch Norm ありではほぼすべての初期値で学習が進み（訓練精度が上がり）、なしでは一部の"
        "狭い範囲の初期値でしか学習できず、小さい初期値では偶然レベルのままです。",
    ),
    panels=("sweep", "accuracy", "loss", "table"),
    budget_key="epochs",
    params=(
        c.epochs(20),
        c.train_size(1000),
        c.batch_size(100),
        c.hidden((100, 100, 100, 100, 100)),
        c.lr(0.01),
        c.smoothing(),
    ),
    series=BN_SERIES,
    builder=TrainBuilder(batchnorm_series),
    sweep=bn_sweep,
    sweep_label="weight scale",
    datasets=IMAGES,
)
