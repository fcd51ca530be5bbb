"""The benchmark's data generator writes valid data sets (at a tiny size: no timing here)."""

import json
from pathlib import Path

import pytest

from components.build.synthetic import (
    JITTER_DEGREES,
    QUOTES_PER_FACTOR,
    SEGMENTS_PER_FACTOR,
    generate,
    main,
)
from components.storage.loading import load_atlas

ROOT = Path(__file__).resolve().parents[1]


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("syn") / "x1", 1)


def test_factor_one_is_valid_and_every_segment_is_quoted(one):
    atlas = load_atlas(one)
    assert atlas.problems == []
    assert atlas.notices == []
    assert len(atlas.segments) == SEGMENTS_PER_FACTOR
    assert len(atlas.quotes) == QUOTES_PER_FACTOR
    assert len(atlas.sources) == 1
    assert all(atlas.quotes_by_segment[sid] for sid in atlas.segments.index)


def test_geometry_stays_near_the_real_segments(one):
    real = json.loads((ROOT / "data" / "segments.geojson").read_text())["features"]
    synthetic = json.loads((one / "segments.geojson").read_text())["features"]
    for original, made in zip(real, synthetic, strict=True):
        before, after = original["geometry"]["coordinates"], made["geometry"]["coordinates"]
        assert after[0] == before[0] and after[-1] == before[-1]
        assert len(after) >= 3 and len(made["properties"]["via"]) == len(after)
        assert made["properties"]["route"] == original["properties"]["route"]
        assert made["properties"]["mode"] == original["properties"]["mode"]
        if len(before) == len(after):
            for (x0, y0), (x1, y1) in zip(before, after, strict=True):
                assert abs(x0 - x1) <= JITTER_DEGREES + 1e-9
                assert abs(y0 - y1) <= JITTER_DEGREES + 1e-9


def test_same_seed_same_bytes_other_seed_other_geometry(tmp_path, one):
    assert files(generate(tmp_path / "again", 1)) == files(one)
    other = generate(tmp_path / "other", 1, seed=1)
    assert (other / "segments.geojson").read_bytes() != (one / "segments.geojson").read_bytes()
    assert load_atlas(other).problems == []


def test_sizes_scale_with_factor(tmp_path):
    folder = generate(tmp_path / "x3", 3)
    atlas = load_atlas(folder)
    assert atlas.problems == []
    assert len(atlas.segments) == 3 * SEGMENTS_PER_FACTOR
    assert len(atlas.quotes) == 3 * QUOTES_PER_FACTOR
    assert len(atlas.sources) == 3
    assert len(set(atlas.segments.index)) == 3 * SEGMENTS_PER_FACTOR


def test_command_line_and_bad_factor(tmp_path, capsys):
    assert main(["--factor", "1", "--output", str(tmp_path / "cli")]) == 0
    assert "26 segments" in capsys.readouterr().out
    assert load_atlas(tmp_path / "cli").problems == []
    with pytest.raises(ValueError):
        generate(tmp_path / "none", 0)
