"""The data layer's and the search's user-facing messages in Japanese: corrupt IDX files, a
missing or incomplete --data-dir, failed downloads, OS reasons, bad split settings, the
search's round and result lines, the subset notes of the accuracy titles. Paths, file names
and values stay as they are; English stays byte-identical (other tests pin it)."""

from __future__ import annotations

import errno
import gzip

import numpy as np
import pytest

from nntui.core.data import download as dl
from nntui.core.data import load
from nntui.core.data.errors import DataError, os_reason
from nntui.core.data.idx import read_idx
from nntui.core.snapshot import Snapshot
from nntui.i18n import use_language
from tests.core.data_helpers import STEMS, idx_bytes, small_mnist
from tests.i18n.english import english_words

#: Typed by the user or named by the program as they are: options, dataset names, formats.
ALLOWED = {"data-dir", "dataset", "digits", "mnist", "fashion-mnist", "IDX", "gzip",
           "NNTUI_CACHE_DIR", "DIR", "train_size", "val_fraction", "noise", "spiral"}


def _load_error(**kw) -> str:
    with pytest.raises(DataError) as err:
        load(**kw)
    return str(err.value)


def _clean(msg: str, *names: str) -> list[str]:
    """English words of `msg` other than the allowed ones and `names` (paths and file names
    are cut out first: a path's folders are not words of the message)."""
    for name in sorted(names, key=len, reverse=True):
        msg = msg.replace(name, " ")
    return english_words(msg, ALLOWED)


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"\x00\x00\x08\x01\x00", "は途中で切れています（ヘッダーが不完全です）"),
        (b"PK\x03\x04 not idx at all",
         "は IDX ファイルではありません（マジックナンバーが違います）"),
        (idx_bytes(np.zeros((5, 28, 28))), "の次元数が 3 です（正しくは 1。"),
        (idx_bytes(np.arange(12) % 10)[:-3],
         "は途中で切れているか壊れています（ヘッダーによれば"),
        (gzip.compress(idx_bytes(np.arange(12) % 10))[:-8], "は途中で切れているか壊れた gzip"),
    ],
    ids=["header", "magic", "dims", "short", "gzip"],
)
def test_corrupt_idx_file_in_japanese(tmp_path, content, phrase):
    use_language("ja")
    path = tmp_path / "train-labels-idx1-ubyte"
    path.write_bytes(content)
    with pytest.raises(DataError) as err:
        read_idx(path, ndim=1)
    msg = str(err.value)
    assert msg.startswith(path.name) and phrase in msg
    assert msg.endswith("正しいファイルのあるフォルダを --data-dir で指定してください。")
    assert _clean(msg, path.name) == []


def test_missing_idx_file_names_path_and_reason_in_japanese(tmp_path):
    use_language("ja")
    path = tmp_path / "t10k-labels-idx1-ubyte"
    with pytest.raises(DataError) as err:
        read_idx(path, ndim=1)
    msg = str(err.value)
    assert msg.startswith(f"{path} を読めません（ファイルまたはフォルダがありません）。")
    assert _clean(msg, str(path)) == []


def test_missing_data_dir_in_japanese(tmp_path):
    use_language("ja")
    folder = tmp_path / "no-such-folder"
    msg = _load_error(name="mnist", data_dir=folder)
    assert msg == (f"--data-dir の {folder} はフォルダではありません。mnist の4つの IDX "
                   "ファイルがあるフォルダを指定してください。")
    assert _clean(msg, str(folder)) == []


def test_incomplete_data_dir_lists_the_missing_files_in_japanese(tmp_path):
    use_language("ja")
    files = small_mnist()
    for name in list(files)[:2]:  # only the training pair
        (tmp_path / name).write_bytes(files[name])
    msg = _load_error(name="fashion-mnist", data_dir=tmp_path)
    assert msg.startswith(f"--data-dir の {tmp_path} に t10k-images-idx3-ubyte[.gz]、"
                          "t10k-labels-idx1-ubyte[.gz] がありません。")
    assert msg.endswith(
        "fashion-mnist の4つの IDX ファイル（gzip でも非圧縮でも可）を置いてください。")
    assert _clean(msg, str(tmp_path), *(f"{s}[.gz]" for s in STEMS)) == []


def test_split_and_dataset_errors_in_japanese():
    use_language("ja")
    msgs = [
        _load_error(name="mnistt"),
        _load_error(name="digits", train_size=99999),
        _load_error(name="digits", val_fraction=1.5),
        _load_error(name="spiral", noise=11.0),
        _load_error(name="digits", data_dir="/tmp"),
    ]
    assert msgs[0].startswith("データセット 'mnistt' はありません。次のいずれかを選んでください: ")
    assert msgs[1] == (
        "digits の train_size は 1 から 1437 までで指定してください（指定された値: 99999）。")
    assert "1.5" in msgs[2] and "11.0" in msgs[3] and "digits には使えません" in msgs[4]
    for msg in msgs:
        assert _clean(msg, "mnistt", "moons", "circles", "xor") == []


def test_english_data_messages_are_unchanged(tmp_path):
    folder = tmp_path / "nothing"
    assert _load_error(name="mnist", data_dir=folder) == (
        f"--data-dir {folder} is not a folder; give the folder holding the four mnist IDX "
        "files.")
    assert _load_error(name="digits", train_size=99999) == (
        "train_size must be between 1 and 1437 for digits, got 99999.")


def test_os_reason_translates_common_errors_only():
    use_language("ja")
    assert os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory")) == (
        "ファイルまたはフォルダがありません")
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "アクセス権がありません"
    # Another libc's wording, or an error without a table entry, is quoted as it is.
    assert os_reason(OSError(errno.ENOENT, "Datei nicht gefunden")) == "Datei nicht gefunden"
    assert os_reason(OSError(errno.ELOOP, "Too many levels")) == "Too many levels"
    use_language("en")
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "Permission denied"


@pytest.mark.parametrize("network", [True, False])
def test_failed_download_in_japanese(network):
    use_language("ja")
    src = dl.SOURCES["mnist"]
    spec = src.files[0]
    reason = dl._describe_oserror(TimeoutError("timed out"))[0] if network else "HTTP 404"
    failures = [dl._FetchFailed(reason, network=network, kind="network" if network else "http")]
    msg = str(dl._final_error(src, spec, failures, 2))
    assert msg.startswith(
        f"MNIST をダウンロードできませんでした（{reason}。{spec.name}、ミラー2か所を試行）。")
    assert ("ネットワークを確認してやり直すか" in msg) == network
    assert msg.endswith("--dataset digits を使ってください。")
    assert _clean(msg, spec.name, "HTTP") == []


def test_checksum_failure_in_japanese():
    use_language("ja")
    src = dl.SOURCES["mnist"]
    spec = src.files[1]
    failure = dl._FetchFailed("x", network=False, kind="checksum")
    msg = str(dl._final_error(src, spec, [failure], 1))
    assert msg.startswith(f"MNIST のファイル {spec.name} の検証に失敗しました（x）。")


def test_subset_notes_in_japanese():
    base = dict(iteration=5, total=10, epoch=0.0, elapsed_s=1.0, samples_per_s=1.0,
                series=(), test_subset=(2000, 10000), train_subset=(500, 1000))
    assert Snapshot(done=False, **base).test_subset_note() == (
        "on 2,000 of 10,000 (full set at the end)")
    use_language("ja")
    assert Snapshot(done=False, **base).test_subset_note() == (
        "10,000 件中 2,000 件で測定（最後に全件）")
    assert Snapshot(done=True, **base).test_subset_note() == (
        "10,000 件中 2,000 件で測定（最後の点は全件）")
    assert Snapshot(done=True, **base).train_subset_note() == "1,000 件中 500 件で測定"


def test_search_messages_in_japanese():
    from nntui.core.search import HparamSearch
    from nntui.presets import PRESETS
    from nntui.presets.kinds.search import search_settings

    config = PRESETS["hparam-search"].resolve(overrides={"trials": "2", "workers": "1"},
                                              dataset="digits")
    data = load("digits", train_size=100, val_fraction=0.2)
    search = HparamSearch(data, search_settings(config))
    assert search.snapshot().message == "round 1: lr 10^[-4.00, 0.00], λ 10^[-8.00, -4.00]"
    use_language("ja")
    search = HparamSearch(data, search_settings(config))
    msg = search.snapshot().message
    assert msg == "第1ラウンド: 学習係数 10^[-4.00, 0.00]、λ 10^[-8.00, -4.00]"
    assert english_words(msg) == []
