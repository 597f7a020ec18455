"""Terminals to run the installed `nntui` in, and ways to take them away (bench/disconnect.py).

Every rig starts nntui with a tag in its environment (``NNTUI_RIG_TAG``): every process it
starts (resource tracker, forkserver, pool workers) inherits it, so what is left running
is found in /proc whatever its parent. The bench makes itself a child subreaper, so a
process orphaned when its terminal dies (a tmux pane, an sshd session) is reparented to it
and its exit status can still be read.

Rigs (each `start`, `screen`, `send`, `pump`, `cut`, `close`):

- `PtyRig`: a pseudo-terminal of our own (80x24), nntui its session leader with it as
  controlling terminal. cut: ``sighup`` (kill -HUP, terminal alive), ``close`` (the master
  closed: the kernel hangs the terminal up, SIGHUP + SIGCONT), ``revoke`` (TIOCVHANGUP on
  the slave, master still open), ``eio`` (nntui in its own session without a controlling
  terminal, then hung up: no signal at all, only EIO on write / EOF on read), ``epipe``
  (Textual's output, stderr, is a pipe whose reader goes away: EPIPE, no signal).
- `TmuxRig`: a private tmux server (``-L``, no config); cut ``kill-server`` or SIGKILL of
  the server (its socket file is removed afterwards).
- `SshRig`: ``ssh -tt`` to a private sshd on 127.0.0.1 (`Sshd`: own port, config, host
  and user keys in a temp folder, started and stopped by pid); cut: the ssh client
  SIGKILLed, or the sshd processes of the session SIGKILLed.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import re
import select
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from survivors import alive, kill_all, stat_fields  # noqa: E402

TAG_VAR = "NNTUI_RIG_TAG"
COLS, ROWS = 80, 24
TIOCVHANGUP = 0x5437  # linux/asm-generic/ioctls.h: hang up a tty (needs CAP_SYS_ADMIN)
PR_SET_CHILD_SUBREAPER = 36
_ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_].*?\x1b\\|.)",
                   re.S)


def nntui_path() -> str:
    """The `nntui` script next to this Python (a venv not on PATH), else on PATH."""
    beside = Path(sys.executable).parent / "nntui"
    return str(beside) if beside.is_file() else (shutil.which("nntui") or "nntui")


def become_subreaper() -> None:
    """Orphaned descendants are reparented to this process (Linux prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


class Reaper:
    """Collects the exit status of every child (ours, or orphans reparented to us)."""

    def __init__(self) -> None:
        self.codes: dict[int, int] = {}
        self.when: dict[int, float] = {}

    def collect(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.codes[pid] = os.waitstatus_to_exitcode(status)
            self.when[pid] = time.monotonic()


def zombie_code(pid: int) -> int | None:
    """The exit code a zombie holds (/proc stat field 52), None if not a zombie."""
    fields = stat_fields(pid)
    if fields is None or fields[0] != "Z" or len(fields) < 50:
        return None
    return os.waitstatus_to_exitcode(int(fields[49]))


def parent(pid: int) -> int:
    fields = stat_fields(pid)
    return int(fields[1]) if fields else 0


def tagged(tag: str) -> set[int]:
    """Live processes whose environment holds ``NNTUI_RIG_TAG=tag``."""
    needle = f"{TAG_VAR}={tag}".encode() + b"\0"
    found = set()
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            env = Path(f"/proc/{name}/environ").read_bytes()
        except OSError:
            continue
        if needle in env + b"\0" and alive(int(name)):
            found.add(int(name))
    return found


def main_pid(tag: str) -> int | None:
    """The tagged process whose parent is not tagged (nntui itself), if running."""
    procs = tagged(tag)
    roots = [p for p in procs if parent(p) not in procs]
    return min(roots) if roots else None


def screen_text(data: bytes) -> str:
    """Raw terminal output with escape sequences removed (enough to find a phrase)."""
    return _ANSI.sub(b"", data).decode("utf-8", "replace")


def _winsize(fd: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))


def _take_ctty() -> None:  # preexec_fn: after setsid, make stdin the controlling terminal
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Drain:
    """Reads file descriptors we own (a pty master, a pipe) into one buffer, in `pump`."""

    def __init__(self) -> None:
        self.fds: list[int] = []
        self.data = bytearray()

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            wait = end - time.monotonic()
            if not self.fds:
                if wait > 0:
                    time.sleep(wait)
                return
            ready, _, _ = select.select(self.fds, [], [], max(0.0, min(wait, 0.02)))
            for fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if chunk:
                    self.data += chunk
                else:  # the other side is gone: stop reading it
                    self.fds.remove(fd)
            if time.monotonic() >= end:
                return

    def close(self, fd: int) -> None:
        if fd in self.fds:
            self.fds.remove(fd)
        try:
            os.close(fd)
        except OSError:
            pass


class Rig:
    """A terminal nntui runs in (see the module doc)."""

    name = "rig"

    def __init__(self, cut: str) -> None:
        self.how = cut
        self.drain = Drain()

    def start(self, argv: list[str], env: dict[str, str]) -> None:
        raise NotImplementedError

    def screen(self) -> str:
        return screen_text(bytes(self.drain.data[-40000:]))

    def pump(self, seconds: float) -> None:
        self.drain.pump(seconds)

    def send(self, keys: str) -> None:
        raise NotImplementedError

    def cut(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        for fd in list(self.drain.fds):
            self.drain.close(fd)


class PtyRig(Rig):
    name = "pty"

    def start(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self.slave_name = os.ttyname(slave)
        _winsize(slave)
        err: int = slave
        self.err_r: int | None = None
        if self.how == "epipe":
            self.err_r, err = os.pipe()
        ctty = self.how != "eio"
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=err, env=env,
                                     start_new_session=True, close_fds=True,
                                     preexec_fn=_take_ctty if ctty else None)
        os.close(slave)
        if err != slave:
            os.close(err)
        self.drain.fds = [self.master] + ([self.err_r] if self.err_r is not None else [])

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def cut(self) -> None:
        if self.how == "sighup":
            os.kill(self.proc.pid, signal.SIGHUP)
        elif self.how == "close":
            self.drain.close(self.master)
        elif self.how in ("revoke", "eio"):
            fd = os.open(self.slave_name, os.O_RDWR | os.O_NOCTTY)
            try:
                fcntl.ioctl(fd, TIOCVHANGUP)
            finally:
                os.close(fd)
        elif self.how == "epipe":
            assert self.err_r is not None
            self.drain.close(self.err_r)
        else:
            raise ValueError(self.how)


class TmuxRig(Rig):
    name = "tmux"

    def __init__(self, cut: str) -> None:
        super().__init__(cut)
        self.socket = f"nntui-rig-{os.getpid()}-{id(self)}"
        self.server: int | None = None

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=10)
        return done.stdout

    def start(self, argv: list[str], env: dict[str, str]) -> None:
        pairs = [f"{k}={v}" for k, v in env.items()
                 if k in (TAG_VAR, "LANG", "NNTUI_CACHE_DIR", "OPENBLAS_NUM_THREADS", "PATH")]
        clean = {k: v for k, v in os.environ.items() if k != "TMUX"}
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
                        "-s", "rig", "-x", str(COLS), "-y", str(ROWS),
                        "env", *pairs, *argv], env=clean, check=True, timeout=10)
        self.server = int(self.tmux("display-message", "-p", "#{pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "rig")

    def send(self, keys: str) -> None:
        self.tmux("send-keys", "-t", "rig", "-l", keys)

    def cut(self) -> None:
        if self.how == "kill-server":
            self.tmux("kill-server")
        elif self.how == "kill-9":
            assert self.server is not None
            os.kill(self.server, signal.SIGKILL)
        else:
            raise ValueError(self.how)

    def close(self) -> None:
        if self.server is not None and alive(self.server):
            kill_all({self.server})
        sock = Path(f"/tmp/tmux-{os.getuid()}") / self.socket
        if "TMUX_TMPDIR" in os.environ:
            sock = Path(os.environ["TMUX_TMPDIR"]) / f"tmux-{os.getuid()}" / self.socket
        sock.unlink(missing_ok=True)


class Sshd:
    """A private sshd on 127.0.0.1 (own port, config, keys), started and stopped by pid."""

    def __init__(self) -> None:
        sshd = shutil.which("sshd") or "/usr/sbin/sshd"
        if not Path(sshd).is_file() or shutil.which("ssh") is None:
            raise FileNotFoundError("sshd or ssh is not installed (openssh-server)")
        self.dir = Path(tempfile.mkdtemp(prefix="nntui-sshd-"))
        d = self.dir
        for name in ("host_key", "user_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d / name)],
                           check=True, capture_output=True)
        (d / "authorized_keys").write_text((d / "user_key.pub").read_text())
        os.chmod(d / "authorized_keys", 0o600)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        (d / "sshd_config").write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {d / 'host_key'}\n"
            f"AuthorizedKeysFile {d / 'authorized_keys'}\nPidFile {d / 'sshd.pid'}\n"
            "StrictModes no\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
            "PrintMotd no\nPrintLastLog no\nAcceptEnv LANG\nLogLevel ERROR\n")
        if os.getuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation
        self.log = (d / "sshd.log").open("wb")
        self.proc = subprocess.Popen([sshd, "-D", "-e", "-f", str(d / "sshd_config")],
                                     stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("sshd did not start: "
                                       + (d / "sshd.log").read_text()[-500:]) from None
                time.sleep(0.05)

    def client_argv(self, command: str) -> list[str]:
        import getpass

        return ["ssh", "-F", "/dev/null", "-i", str(self.dir / "user_key"), "-p",
                str(self.port), "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                "-tt", f"{getpass.getuser()}@127.0.0.1", command]

    def sessions(self) -> set[int]:
        """The sshd processes serving connections (everything below the listener)."""
        found, todo = set(), [self.proc.pid]
        while todo:
            pid = todo.pop()
            try:
                kids = set()
                for tid in os.listdir(f"/proc/{pid}/task"):
                    kids |= {int(x) for x in
                             Path(f"/proc/{pid}/task/{tid}/children").read_text().split()}
            except OSError:
                continue
            for k in kids:
                try:
                    comm = Path(f"/proc/{k}/comm").read_text().strip()
                except OSError:
                    continue
                if comm.startswith("sshd") and k not in found:
                    found.add(k)
                    todo.append(k)
        return found

    def close(self) -> None:
        kill_all(self.sessions())
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class SshRig(Rig):
    name = "ssh"

    def __init__(self, cut: str, sshd: Sshd) -> None:
        super().__init__(cut)
        self.sshd = sshd

    def start(self, argv: list[str], env: dict[str, str]) -> None:
        keep = {k: v for k, v in env.items()
                if k in (TAG_VAR, "LANG", "NNTUI_CACHE_DIR", "OPENBLAS_NUM_THREADS")}
        remote = ("exec env TERM=xterm-256color "
                  + " ".join(f"{k}={shlex.quote(v)}" for k, v in keep.items()) + " "
                  + " ".join(shlex.quote(a) for a in argv))
        self.master, slave = os.openpty()
        _winsize(slave)
        client_env = {k: v for k, v in os.environ.items() if k != TAG_VAR}
        client_env["TERM"] = "xterm-256color"
        self.proc = subprocess.Popen(self.sshd.client_argv(remote), stdin=slave, stdout=slave,
                                     stderr=slave, env=client_env, start_new_session=True,
                                     close_fds=True, preexec_fn=_take_ctty)
        os.close(slave)
        self.drain.fds = [self.master]

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def cut(self) -> None:
        if self.how == "client":
            os.kill(self.proc.pid, signal.SIGKILL)
        elif self.how == "session":
            kill_all(self.sshd.sessions())
        else:
            raise ValueError(self.how)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        super().close()
