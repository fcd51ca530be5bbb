"""The load script at a small size: it completes every run and reports what it promises."""

import pytest

from load.sessions import percentile, run


@pytest.mark.slow  # a real server and a few websocket sessions
def test_small_load_completes_without_errors_and_reports_memory():
    report = run(sessions=3, reruns=2, seconds=120, url=None, pid=None)
    assert report["runs_completed"] == report["runs_expected"] == 9
    assert report["error_count"] == 0, report["errors"]
    assert set(report["rerun_after_filter_s"]) == {"p50", "p95", "max"}
    assert report["server_peak_mb"] >= report["server_rss_before_mb"] > 0
    assert report["server_cpu_s"] > 0 and report["runs_per_cpu_second"] > 0
    assert report["runs_per_second"] == pytest.approx(9 / report["wall_s"], rel=0.02)
    assert report["memory_per_session_mb"] >= 0


def test_load_refuses_other_hosts():
    with pytest.raises(SystemExit, match="loopback"):
        run(sessions=1, reruns=1, seconds=5, url="http://192.0.2.1:8501", pid=None)


def test_percentile_is_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert percentile([5, 1, 3, 2, 4], 0.95) == 5
    assert percentile([7], 0.95) == 7
