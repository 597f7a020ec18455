"""`nntui data ...` through a small Typer app that mounts data_app, as the lead does."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nntui.cli.data import data_app
from nntui.core.data import DATASET_NAMES, load
from tests.core.data_helpers import free_port, small_mnist


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """Test root."""

    root.add_typer(data_app, name="data")
    return root


def test_list_names_every_dataset(app, data_cache: Path):
    result = CliRunner().invoke(app, ["data", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["name", "kind", "cached", "size"]
    for name in DATASET_NAMES:
        assert any(line.split()[0] == name for line in lines[1:]), name


def test_path_prints_cache_dir(app, data_cache: Path):
    result = CliRunner().invoke(app, ["data", "path"])
    assert result.exit_code == 0
    assert result.output.strip() == str(data_cache)


def test_download_unreachable_mirror(app, data_cache: Path, monkeypatch, loopback):
    monkeypatch.setenv("NNTUI_MNIST_MIRROR", f"http://127.0.0.1:{free_port()}/")
    result = CliRunner().invoke(app, ["data", "download", "mnist"])
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("nntui: MNIST could not be downloaded (connection refused")
    assert "--data-dir DIR" in err
    assert "Traceback" not in result.output and "Traceback" not in result.stderr


def test_download_into_data_dir_with_plain_progress(
    app, tiny_mnist, monkeypatch, loopback, tmp_path: Path
):
    monkeypatch.setenv("NNTUI_MNIST_MIRROR", loopback.serve("m", small_mnist()))
    target = tmp_path / "mnist-files"
    result = CliRunner().invoke(app, ["data", "download", "mnist", "--data-dir", str(target)])
    assert result.exit_code == 0, result.output
    for name, data in small_mnist().items():  # plain lines (not a TTY), ending at 100 %
        assert f"{name}: {len(data):,} / {len(data):,} bytes" in result.output
    assert f"mnist: ready in {target}" in result.output
    assert sorted(p.name for p in target.iterdir()) == sorted(small_mnist())
    assert not tiny_mnist.exists()  # the cache was not used
    assert load("mnist", data_dir=target).x_train.shape == (12, 784)


def test_download_of_generated_set_is_a_no_op(app, data_cache: Path):
    result = CliRunner().invoke(app, ["data", "download", "spiral"])
    assert result.exit_code == 0 and "nothing to download" in result.output
    result = CliRunner().invoke(app, ["data", "download", "cifar"])
    assert result.exit_code == 2 and "Unknown dataset 'cifar'" in result.stderr


def test_rich_output_on_a_terminal(app, data_cache: Path, monkeypatch):
    from nntui.cli import data as cli_data

    monkeypatch.setattr(cli_data, "_is_tty", lambda: True)
    result = CliRunner().invoke(app, ["data", "list"])
    assert result.exit_code == 0 and "fashion-mnist" in result.output and "━" in result.output

    def fake_fetch(key, *, dest_dir, progress):
        for done in (0, 500, 1000):
            progress("train-images-idx3-ubyte.gz", done, 1000)
        return data_cache / key

    assert cli_data._download_rich("mnist", None, fake_fetch) == data_cache / "mnist"
