"""Start the real app on a free loopback port for tests, benchmarks and the load script."""

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

ROOT = Path(__file__).parents[2]
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
    log_path: Path, env: dict[str, str] | None = None, script: Path = ROOT / "app.py"
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
