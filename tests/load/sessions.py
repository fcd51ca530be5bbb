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

if __package__ in (None, ""):  # run as a script: make tests/ importable for support.server
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support.server import cpu_seconds, peak_memory_mb, resident_memory_mb, streamlit_server
from support.websocket import open_session, run_script

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


def session(url: str, reruns: int, deadline: float, results: Results, index: int) -> None:
    """One user: open the map, then change the filters ``reruns`` times."""
    try:
        with open_session(url) as ws:
            first = run_script(ws, "", deadline)
            results.add("first_run_s", first.seconds)
            if first.error:
                results.add("errors", first.error)
            for step in range(reruns):
                query = FILTER_QUERIES[(index + step) % len(FILTER_QUERIES)]
                rerun = run_script(ws, query, deadline)
                results.add("rerun_s", rerun.seconds)
                if rerun.error:
                    results.add("errors", rerun.error)
    except Exception as failure:  # a load test reports failures, it does not stop at them
        results.add("errors", f"{type(failure).__name__}: {failure}")


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
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
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
