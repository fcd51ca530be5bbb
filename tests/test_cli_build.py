"""The `corridor build-*` commands regenerate the derived data files exactly."""

import pytest

from components.cli import main
from components.domain.loading import DEFAULT_DATA_DIR


@pytest.mark.parametrize(
    ("command", "file"),
    [("build-segments", "segments.geojson"), ("build-countries", "countries.geojson")],
)
def test_build_command_reproduces_the_committed_file(tmp_path, command, file):
    output = tmp_path / file
    assert main([command, "--output", str(output)]) == 0
    assert output.read_bytes() == (DEFAULT_DATA_DIR / file).read_bytes()


def test_build_places_keeps_the_committed_gazetteer(tmp_path):
    copy = tmp_path / "places.csv"
    copy.write_bytes((DEFAULT_DATA_DIR / "places.csv").read_bytes())
    assert main(["build-places", "--places", str(copy)]) == 0
    assert copy.read_bytes() == (DEFAULT_DATA_DIR / "places.csv").read_bytes()
