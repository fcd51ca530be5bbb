"""Start the real app on a free loopback port for tests, benchmarks and the load script; read
the server process's memory and CPU time from ``/proc`` (Linux)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from support.app import APP, ROOT

START_SECONDS = 60


class ServerError(RuntimeError):
    """The server exited or did not answer; the message carries its log."""


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(
    log_path: Path, env: dict[str, str] | None = None, script: Path = APP
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``streamlit run <script>`` on a free port; yield its URL and process, then stop it.

    Waits until ``/_stcore/health`` answers and checks that it is *our* process that answered
    (another server on a reused port would also say "ok").
    """
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(url, process, log_path)
            yield url, process
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path) -> None:
    def ready() -> bool:  # healthy *and* ours: a server on a reused port would also say "ok"
        return answers_health(url) and process.poll() is None

    wait_until(ready, process, START_SECONDS, "streamlit", log_path.read_text)


def answers_health(url: str) -> bool:
    """Whether ``<url>/_stcore/health`` answers "ok" now."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read() == b"ok"
    except OSError:
        return False


def wait_until(
    ready: Callable[[], bool],
    process: subprocess.Popen,
    seconds: float,
    what: str,
    log: Callable[[], str],
    poll: float = 0.25,
) -> None:
    """Wait until ``ready()`` while ``process`` runs.

    Raises
    ------
    ServerError
        If the process exits, or is not ready within ``seconds``; the message carries ``log()``.
    """
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise ServerError(f"{what} exited ({process.returncode}):\n{log()}")
        if ready():
            return
        if time.monotonic() > deadline:
            raise ServerError(f"{what} did not answer in time:\n{log()}")
        time.sleep(poll)


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (``VmHWM``), in MiB; NaN where it is not reported."""
    return _status_mib(pid, "VmHWM")


def resident_memory_mb(pid: int) -> float:
    """The process's resident memory now (``VmRSS``), in MiB; NaN where it is not reported."""
    return _status_mib(pid, "VmRSS")


def _status_mib(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024  # reported in kB (KiB)
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """The CPU time the process has used so far (user + system, all threads), in seconds."""
    # The command name in parentheses may hold spaces: count the fields after its ")".
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
