"""Drive many concurrent sessions through the real server, on loopback only, and report.

Each session opens Streamlit's websocket, runs the map page, then changes the filters a few
times by rerunning with a new query string (the map page restores its filters from the URL).
Reports rerun latency percentiles, errors, the server's peak memory (VmHWM) and, to size a
deployment, runs per second of the server's CPU and memory per session.

Run with ``uv run python tests/load/sessions.py [--sessions 20] [--reruns 3]``; it starts its
own server unless ``--url`` names one on this machine. Bounded: at most 50 sessions, 10 reruns
each, and ``--seconds`` in all. Not collected by pytest; a small run is tested in
``tests/test_load_script.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

if __package__ in (None, ""):  # run as a script: make tests/ importable for support.server
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support.server import streamlit_server

MAX_SESSIONS, MAX_RERUNS = 50, 10
FILTER_QUERIES = ("country=GE", "country=KZ&mode=rail", "route=btc-pipeline", "mode=sea", "")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Results:
    """What the sessions measured; lists are appended to from several threads."""

    first_run_s: list[float] = field(default_factory=list)
    rerun_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, value) -> None:
        with self.lock:
            getattr(self, name).append(value)


def run_script(ws, query: str, deadline: float) -> tuple[float, str | None]:
    """Ask for a run with ``query`` and wait for it to finish: (seconds, error or None)."""
    message = BackMsg()
    message.rerun_script.query_string = query
    start = time.perf_counter()
    ws.send(message.SerializeToString())
    error = None
    while True:
        raw = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        if kind == "delta":
            error = error or _element_error(forward.delta.new_element)
        if kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
            if status == "FINISHED_SUCCESSFULLY":
                return time.perf_counter() - start, error
            if status != "FINISHED_EARLY_FOR_RERUN":
                return time.perf_counter() - start, error or status


def _element_error(element) -> str | None:
    """An exception, or the app's friendly error message, among the page's elements."""
    kind = element.WhichOneof("type")
    if kind == "exception":
        return element.exception.message or "exception"
    if kind == "alert" and "Something went wrong" in element.alert.body:
        return element.alert.body
    return None


def session(url: str, reruns: int, deadline: float, results: Results, index: int) -> None:
    """One user: open the map, then change the filters ``reruns`` times."""
    address = urlparse(url)
    try:
        with connect(
            f"ws://{address.netloc}/_stcore/stream", subprotocols=["streamlit"], open_timeout=30
        ) as ws:
            seconds, error = run_script(ws, "", deadline)
            results.add("first_run_s", seconds)
            if error:
                results.add("errors", error)
            for step in range(reruns):
                query = FILTER_QUERIES[(index + step) % len(FILTER_QUERIES)]
                seconds, error = run_script(ws, query, deadline)
                results.add("rerun_s", seconds)
                if error:
                    results.add("errors", error)
    except Exception as failure:  # a load test reports failures, it does not stop at them
        results.add("errors", f"{type(failure).__name__}: {failure}")


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def resident_memory_mb(pid: int) -> float:
    """The process's current resident memory (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """The CPU time the process has used so far (user + system, all threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def run(sessions: int, reruns: int, seconds: float, url: str | None, pid: int | None) -> dict:
    """Run the load and return the report as a dict."""
    sessions, reruns = min(sessions, MAX_SESSIONS), min(reruns, MAX_RERUNS)
    if url is not None:
        if urlparse(url).hostname not in LOOPBACK:
            raise SystemExit("refusing to load anything but this machine (loopback only)")
        return _measure(url, pid, sessions, reruns, seconds)
    with (
        tempfile.TemporaryDirectory() as folder,
        streamlit_server(Path(folder) / "streamlit.log") as (own_url, process),
    ):
        return _measure(own_url, process.pid, sessions, reruns, seconds)


def _measure(url: str, pid: int | None, sessions: int, reruns: int, seconds: float) -> dict:
    # One warm-up session so imports and caches are not counted as load.
    warm = Results()
    session(url, 0, time.monotonic() + seconds, warm, 0)
    memory_before = resident_memory_mb(pid) if pid else float("nan")
    cpu_before = cpu_seconds(pid) if pid else float("nan")
    results = Results()
    started = time.monotonic()
    deadline = started + seconds
    threads = [
        threading.Thread(target=session, args=(url, reruns, deadline, results, i))
        for i in range(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic() + 5))
    wall = time.monotonic() - started
    completed = len(results.first_run_s) + len(results.rerun_s)
    cpu = cpu_seconds(pid) - cpu_before if pid else float("nan")
    peak = peak_memory_mb(pid) if pid else float("nan")
    return {
        "sessions": sessions,
        "reruns_per_session": reruns,
        "runs_completed": completed,
        "runs_expected": sessions * (reruns + 1),
        "errors": results.errors[:20],
        "error_count": len(results.errors) + len(warm.errors),
        "first_run_s": _summary(results.first_run_s),
        "rerun_after_filter_s": _summary(results.rerun_s),
        "server_rss_before_mb": round(memory_before, 1),
        "server_rss_after_mb": round(resident_memory_mb(pid), 1) if pid else None,
        "server_peak_mb": round(peak, 1) if pid else None,
        "wall_s": round(wall, 2),
        "runs_per_second": round(completed / wall, 2),
        # The server's own CPU time: the figure to size a deployment by (runs per core-second).
        "server_cpu_s": round(cpu, 2) if pid else None,
        "runs_per_cpu_second": round(completed / cpu, 2) if pid and cpu > 0 else None,
        "memory_per_session_mb": round((peak - memory_before) / sessions, 2) if pid else None,
    }


def _summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {
        "p50": round(statistics.median(values), 3),
        "p95": round(percentile(values, 0.95), 3),
        "max": round(max(values), 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the bounds, run, print the report as JSON; exit 1 on any error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--url", help="a server already running on this machine")
    parser.add_argument("--pid", type=int, help="that server's process id, for its memory")
    args = parser.parse_args(argv)
    report = run(args.sessions, args.reruns, args.seconds, args.url, args.pid)
    print(json.dumps(report, indent=2))
    complete = report["runs_completed"] == report["runs_expected"]
    return 0 if complete and not report["error_count"] else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
