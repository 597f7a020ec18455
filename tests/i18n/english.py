"""Finding English left on a Japanese screen.

The rule (issue 11): under `--lang ja` no English UI word may show, other than technique
names, numbers, key names and the identifiers a user types (preset, dataset and setting
names: `nntui run dropout --set lr=0.1`). So the test lists what *may* show, not what may
not: a new English word fails it until it is translated or argued onto this list.
"""

from __future__ import annotations

import re

#: Technique and model names as the book writes them, and the names of its functions.
TECHNIQUES = {
    "SGD", "Momentum", "Nesterov", "AdaGrad", "Adam", "RMSprop", "Batch", "Normalization",
    "BatchNorm", "BN", "Weight", "decay", "Dropout", "ReLU", "Sigmoid", "sigmoid", "tanh",
    "Xavier", "He", "Affine", "Softmax", "softmax", "MNIST", "Fashion", "Fashion-MNIST",
    "NumPy", "std", "Leaky", "ELU", "Swish", "SiLU", "GELU",
    # maths as written in formulas and axis names
    "ln", "log", "exp", "sqrt",
    # file formats and programs, written as their users write them
    "Dask", "TOML", "JSON", "CSV", "PNG", "SVG", "npz", "nntui", "tmux", "SSH",
}
#: Key names as the footer and help write them.
KEYS = {"enter", "Enter", "esc", "Esc", "space", "tab", "Tab", "ctrl", "shift", "up", "down",
        "left", "right", "pgup", "pgdn", "home", "end", "F1"}

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9]|[A-Za-z]")
_NUMBERISH = re.compile(r"^(?:[A-Za-z]|L\d+|x\d+|e[+-]?\d+|\d.*|[A-Za-z]\d+)$")
#: The decision-boundary panel draws training points of two classes as o and x.
_GLYPHS = re.compile(r"^[ox]+$")


def english_words(text: str, identifiers: set[str] = frozenset()) -> list[str]:
    """The English-looking tokens of `text` that are not allowed (see the module doc);
    `identifiers`: preset, dataset and setting names the screen may show as typed."""
    out = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if text[max(0, match.start() - 2):match.start()] == "--":
            continue  # a command-line option as typed: --book, --set
        bare = token.strip(".-_")
        if (bare in TECHNIQUES or bare in KEYS or bare in identifiers
                or _NUMBERISH.match(bare) or _GLYPHS.match(bare)):
            continue
        parts = re.split(r"[-_./]", bare)  # weight-decay, lr_sgd, fashion-mnist
        if all(p in TECHNIQUES or p in KEYS or p in identifiers or not p
               or _NUMBERISH.match(p) for p in parts):
            continue
        out.append(token)
    return out
