"""Fetch the MNIST-style IDX files: several mirrors, SHA-256 verified, written atomically.

Every failure becomes one `DataError` sentence; nothing half-written stays in the cache
(downloads go to a temp file in the target folder and are renamed only once complete
and verified).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nntui.core.data.cache import atomic_file, cache_dir, filling_dir
from nntui.core.data.errors import DataError, os_reason
from nntui.i18n import _

Progress = Callable[[str, int, int], None]

DEFAULT_TIMEOUT = 30.0  # seconds, per connect and per read (urllib applies it to both)
_CHUNK = 1 << 16
_USER_AGENT = "nntui-data/1 (Python urllib)"


@dataclass(frozen=True)
class FileSpec:
    """One published file: its standard name, SHA-256 and size in bytes."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Source:
    """Where a dataset's four IDX files come from and what they must hash to."""

    title: str  # used in messages: "MNIST could not be downloaded ..."
    env_var: str  # comma-separated base URLs that replace `mirrors`
    mirrors: tuple[str, ...]
    files: tuple[FileSpec, ...]  # train images, train labels, test images, test labels

    def mirror_list(self) -> tuple[str, ...]:
        """The mirrors to try in order: the env override if set, else the built-in list."""
        env = os.environ.get(self.env_var, "").strip()
        bases = tuple(b.strip() for b in env.split(",") if b.strip()) if env else self.mirrors
        return tuple(b if b.endswith("/") else b + "/" for b in bases)


# SHA-256 sums and sizes of the standard files, identical across TFDS and many independent
# projects (Zalando's README publishes only MD5 for Fashion-MNIST); the t10k MNIST sums
# were checked against the reference SHA256SUMS of t10k (a test re-checks them).
SOURCES: dict[str, Source] = {
    "mnist": Source(
        title="MNIST",
        env_var="NNTUI_MNIST_MIRROR",
        mirrors=(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
        ),
        files=(
            FileSpec(
                "train-images-idx3-ubyte.gz",
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                9912422,
            ),
            FileSpec(
                "train-labels-idx1-ubyte.gz",
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                28881,
            ),
            FileSpec(
                "t10k-images-idx3-ubyte.gz",
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                1648877,
            ),
            FileSpec(
                "t10k-labels-idx1-ubyte.gz",
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                4542,
            ),
        ),
    ),
    "fashion-mnist": Source(
        title="Fashion-MNIST",
        env_var="NNTUI_FASHION_MIRROR",
        mirrors=(
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        ),
        files=(
            FileSpec(
                "train-images-idx3-ubyte.gz",
                "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                26421880,
            ),
            FileSpec(
                "train-labels-idx1-ubyte.gz",
                "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                29515,
            ),
            FileSpec(
                "t10k-images-idx3-ubyte.gz",
                "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                4422102,
            ),
            FileSpec(
                "t10k-labels-idx1-ubyte.gz",
                "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                5148,
            ),
        ),
    ),
}


class _FetchFailed(Exception):
    """One mirror failed for one file; `reason` is a short phrase for the final message (in
    the active language); `kind` says what failed: "http" (the mirror answered with an
    error), "checksum" (wrong bytes), "network" or "other"."""

    def __init__(self, reason: str, *, network: bool, kind: str = "network") -> None:
        super().__init__(reason)
        self.reason = reason
        self.network = network  # True: worth saying "check your network"
        self.kind = kind


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (the MNIST train images are ~10 MB)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def is_valid(path: Path, spec: FileSpec) -> bool:
    """True when `path` exists with the published size and SHA-256."""
    try:
        if path.stat().st_size != spec.size:
            return False
        return sha256_file(path) == spec.sha256
    except OSError:
        return False


def _describe_oserror(exc: BaseException, *, mid_reply: bool = False) -> tuple[str, bool]:
    """Map a socket/URL error to (short reason, is_network_problem). `mid_reply`: the
    error cut a reply short, so an unrecognised one is a dropped connection."""
    inner = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(inner, (TimeoutError, socket.timeout)):
        return _("timed out"), True
    if isinstance(inner, socket.gaierror):
        return _("no network: host name not resolved"), True
    if isinstance(inner, ConnectionRefusedError):
        return _("connection refused"), True
    if isinstance(inner, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return _("connection dropped"), True
    if isinstance(inner, OSError) and inner.errno in (101, 113):  # ENETUNREACH, EHOSTUNREACH
        return _("no network"), True
    if mid_reply:
        return _("connection dropped"), True
    text = getattr(inner, "strerror", None) or str(inner) or type(inner).__name__
    return _("network error: {text}").format(text=text), True


def _fetch_one(url: str, dest: Path, spec: FileSpec, timeout: float, progress: Progress | None):
    """Download `url` into `dest` (atomically) and verify it against `spec`."""
    req = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise _FetchFailed(_("HTTP {code} from the mirror").format(code=exc.code),
                           network=False, kind="http") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason, net = _describe_oserror(exc)
        raise _FetchFailed(reason, network=net) from exc
    except http.client.HTTPException as exc:  # a reply cut inside its status line or headers
        raise _FetchFailed(
            _("connection dropped before the reply was complete ({error})").format(
                error=type(exc).__name__),
            network=True,
        ) from exc
    with resp:
        length = resp.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else spec.size
        h = hashlib.sha256()
        done = 0
        with atomic_file(dest) as (_tmp, fh):
            while True:
                try:
                    chunk = resp.read(_CHUNK)
                except (http.client.HTTPException, urllib.error.URLError, OSError) as exc:
                    reason, _net = _describe_oserror(exc, mid_reply=True)
                    raise _FetchFailed(
                        _("{reason} after {done} of {total} bytes").format(
                            reason=reason, done=f"{done:,}", total=f"{total:,}"),
                        network=True,
                    ) from exc
                if not chunk:
                    break
                try:
                    fh.write(chunk)
                except OSError as exc:  # disk full, read-only, I/O error: not the network
                    raise DataError(
                        _("Cannot write {path} ({reason}); free some space or set {env} to "
                          "another folder.").format(
                            path=dest, reason=os_reason(exc), env="NNTUI_CACHE_DIR")
                    ) from exc
                h.update(chunk)
                done += len(chunk)
                if done > spec.size:  # an error page or a different file: stop early
                    raise _FetchFailed(
                        _("checksum mismatch: the mirror sent more than the expected {size} "
                          "bytes").format(size=f"{spec.size:,}"),
                        network=False, kind="checksum",
                    )
                if progress is not None:
                    progress(spec.name, done, total)
            # http.client returns b"" on an early close instead of raising, so compare.
            if done < total:
                raise _FetchFailed(
                    _("connection dropped after {done} of {total} bytes").format(
                        done=f"{done:,}", total=f"{total:,}"), network=True
                )
            if done != spec.size or h.hexdigest() != spec.sha256:
                raise _FetchFailed(
                    _("checksum mismatch: got {done} bytes with SHA-256 {got}..., expected "
                      "{size} bytes with {want}...").format(
                        done=f"{done:,}", got=h.hexdigest()[:12], size=f"{spec.size:,}",
                        want=spec.sha256[:12]),
                    network=False, kind="checksum",
                )


def fetch_dataset(
    name: str,
    *,
    dest_dir: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
) -> Path:
    """Make sure the four verified files of `name` are in `dest_dir`; return that folder.

    `dest_dir` defaults to cache_dir() / name. Files already present and valid are kept;
    a present but corrupt file (wrong size or SHA-256) is deleted and downloaded again.
    Mirrors are tried in order for each file. Raises DataError when no mirror worked; then
    the folders this call created (`folder`, and the cache folder above it if it was new)
    are removed again if they are still empty: a failed attempt leaves nothing new behind.
    """
    src = SOURCES[name]
    folder = Path(dest_dir) if dest_dir is not None else cache_dir() / name
    with filling_dir(folder):
        _fetch_files(src, folder, timeout, progress)
    return folder


def _fetch_files(src: Source, folder: Path, timeout: float, progress: Progress | None) -> None:
    mirrors = src.mirror_list()
    for spec in src.files:
        dest = folder / spec.name
        if dest.is_dir():
            raise DataError(
                _("{path} is a folder where a downloaded file should go; remove or rename it "
                  "and retry.").format(path=dest)
            )
        if dest.exists():
            if is_valid(dest, spec):
                continue
            try:
                dest.unlink()  # corrupt or partial from some other tool: fetch it again
            except OSError as exc:
                raise DataError(
                    _("{path} is corrupt and cannot be removed ({reason}); delete it by hand "
                      "and retry.").format(path=dest, reason=os_reason(exc))
                ) from exc
        failures: list[_FetchFailed] = []
        for base in mirrors:
            try:
                _fetch_one(base + spec.name, dest, spec, timeout, progress)
                break
            except _FetchFailed as exc:
                failures.append(exc)
        else:
            raise _final_error(src, spec, failures, len(mirrors))


def _final_error(src: Source, spec: FileSpec, failures: list[_FetchFailed], n: int) -> DataError:
    """Compose the one sentence shown when every mirror failed for `spec`."""
    # The most telling reason is the last non-404 one (a 404 on mirror 1 says little if
    # mirror 2 then dropped the connection).
    informative = [f for f in failures if f.kind != "http"] or failures
    last = informative[-1] if informative else _FetchFailed(
        _("no mirror configured"), network=False, kind="other")
    # Whole sentences per case (Japanese orders them differently); `or use ...` is shared.
    if last.kind == "checksum":
        text = _("{title} file {file} failed verification ({reason}). The download was "
                 "discarded; retry later, or use --data-dir DIR with the four IDX files, or "
                 "--dataset digits.")
    elif last.network:
        text = (_("{title} could not be downloaded ({reason}; {file}, tried 1 mirror). Check "
                  "your network and retry, or use --data-dir DIR with the four IDX files, or "
                  "--dataset digits.") if n == 1 else
                _("{title} could not be downloaded ({reason}; {file}, tried {n} mirrors). "
                  "Check your network and retry, or use --data-dir DIR with the four IDX "
                  "files, or --dataset digits."))
    else:
        text = (_("{title} could not be downloaded ({reason}; {file}, tried 1 mirror). Retry "
                  "later, or use --data-dir DIR with the four IDX files, or --dataset digits.")
                if n == 1 else
                _("{title} could not be downloaded ({reason}; {file}, tried {n} mirrors). "
                  "Retry later, or use --data-dir DIR with the four IDX files, or --dataset "
                  "digits."))
    return DataError(text.format(title=src.title, file=spec.name, reason=last.reason, n=n))
