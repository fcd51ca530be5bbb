"""Write synthetic but valid data directories at a multiple of today's size, for benchmarks.

``generate(target, factor)`` writes ``factor × 26`` segments, ``factor`` sources and
``factor × 10`` quotes (the real data set has 26, 1 and 10), plus copies of the real
``countries.geojson`` and ``routes.json``. The geometry is real-looking: each synthetic segment
is a real segment whose interior vertices are moved by at most :data:`JITTER_DEGREES` (its ends
stay where they are, so land segments keep to their country and sea legs to their two coasts; a
two-vertex leg gets a jittered midpoint). Each source is a generated text whose sentences name
the segments, and every quote is anchored in it with
:func:`components.core.anchoring.make_selectors`; every segment has a quote. The output is
deterministic for a seed and passes ``load_atlas(target).problems == []``.

Run as ``uv run python -m components.build.synthetic --factor 10 --output DIR``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from components.build.segments import dumps_features
from components.build.support import write_support
from components.core.anchoring import make_selectors
from components.storage.paths import DEFAULT_DATA_DIR

DATA = DEFAULT_DATA_DIR
JITTER_DEGREES = 0.05
SEGMENTS_PER_FACTOR = 26
QUOTES_PER_FACTOR = 10
SOURCES_PER_FACTOR = 1
COORD_DECIMALS = 5


def _real_segments(data: Path) -> list[dict[str, Any]]:
    return json.loads((data / "segments.geojson").read_text(encoding="utf-8"))["features"]


def _jittered(coords: list[list[float]], rng: random.Random) -> list[list[float]]:
    """Keep the ends, move every interior vertex by at most JITTER_DEGREES in each axis."""
    if len(coords) == 2:  # give two-vertex legs an interior vertex to move
        (x0, y0), (x1, y1) = coords
        coords = [coords[0], [(x0 + x1) / 2, (y0 + y1) / 2], coords[1]]
    out = [list(coords[0])]
    for lon, lat in coords[1:-1]:
        out.append(
            [
                round(lon + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), COORD_DECIMALS),
                round(lat + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), COORD_DECIMALS),
            ]
        )
    out.append(list(coords[-1]))
    return out


def make_segments(factor: int, rng: random.Random, data: Path = DATA) -> list[dict[str, Any]]:
    """Return ``factor × 26`` segment features with ids ``syn-<n>``."""
    real = _real_segments(data)
    features = []
    for copy in range(factor):
        for feature in real:
            number = len(features)
            coords = _jittered(feature["geometry"]["coordinates"], rng)
            props = feature["properties"]
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "id": f"syn-{number}",
                        "route": props["route"],
                        "name": f"{props['name']} (synthetic {copy})",
                        "mode": props["mode"],
                        "via": [f"Place {number}-{i}" for i in range(len(coords))],
                    },
                    "geometry": {"type": "LineString", "coordinates": coords},
                }
            )
    return features


_VERBS = ("carries", "moves", "handles", "ships", "forwards")
_GOODS = ("containers", "grain", "steel coils", "crude oil", "fertiliser", "cotton")


def _sentence(segment_ids: Sequence[str], label: str, rng: random.Random) -> str:
    names = ", ".join(f"segment {sid}" for sid in segment_ids)
    tons = rng.randint(1, 900)
    return (
        f"Report {label}: the line through {names} {rng.choice(_VERBS)} "
        f"{tons} thousand tonnes of {rng.choice(_GOODS)} a year."
    )


def make_source(
    index: int, segment_ids: Sequence[str], rng: random.Random
) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """Return (text, metadata, quotes) for source ``syn-source-<index>``.

    The quotes (``QUOTES_PER_FACTOR`` of them) share the source's segments between them, so
    each of ``segment_ids`` is quoted at least once.
    """
    source_id = f"syn-source-{index}"
    parts = [f"Synthetic corridor report {index}\n\n"]
    spans = []
    groups = [list(segment_ids[q::QUOTES_PER_FACTOR]) for q in range(QUOTES_PER_FACTOR)]
    for q, group in enumerate(groups):
        parts.append(f"Paragraph {q}. Freight volumes kept growing in the year. ")
        start = sum(len(p) for p in parts)
        sentence = _sentence(group or list(segment_ids[:1]), f"{index}-{q}", rng)
        parts.append(sentence)
        spans.append((start, start + len(sentence), group or list(segment_ids[:1])))
        parts.append(" Officials expected more trains next season.\n\n")
    text = "".join(parts)
    quotes = [
        {
            "id": f"syn-quote-{index}-{q}",
            "source": source_id,
            "segments": group,
            "selector": make_selectors(text, start, end),
        }
        for q, (start, end, group) in enumerate(spans)
    ]
    meta = {
        "id": source_id,
        "title": f"Synthetic corridor report {index}",
        "author": None,
        "publisher": "Corridor Atlas benchmark generator",
        "published": None,
        "url": None,
        "retrieved": None,
        "licence": "CC0-1.0",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    return text, meta, quotes


def generate(target_dir: str | Path, factor: int, seed: int = 0, data: Path = DATA) -> Path:
    """Write a complete, valid data directory at ``factor`` times today's size.

    Parameters
    ----------
    target_dir : path-like
        Created if missing; the files it would write are overwritten.
    factor : int
        At least 1: ``factor × 26`` segments, ``factor`` sources, ``factor × 10`` quotes.
    seed : int
        The same seed gives byte-identical files.
    data : Path
        The real data directory the geometry, routes and countries come from.

    Returns
    -------
    Path
        ``target_dir``.
    """
    if factor < 1:
        raise ValueError("factor must be at least 1")
    target = Path(target_dir)
    sources_dir = target / "sources"
    if sources_dir.exists():
        shutil.rmtree(sources_dir)
    sources_dir.mkdir(parents=True)
    for name in ("countries.geojson", "routes.json"):
        shutil.copyfile(data / name, target / name)
    rng = random.Random(seed)
    features = make_segments(factor, rng, data)
    collection = {"type": "FeatureCollection", "features": features}
    (target / "segments.geojson").write_text(dumps_features(collection), encoding="utf-8")
    quote_lines = []
    for index in range(factor * SOURCES_PER_FACTOR):
        ids = [
            f["properties"]["id"]
            for f in features[index * SEGMENTS_PER_FACTOR : (index + 1) * SEGMENTS_PER_FACTOR]
        ]
        text, meta, quotes = make_source(index, ids, rng)
        (sources_dir / f"{meta['id']}.txt").write_bytes(text.encode("utf-8"))
        (sources_dir / f"{meta['id']}.json").write_text(
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        quote_lines += [json.dumps(quote, ensure_ascii=False) for quote in quotes]
    (target / "quotes.jsonl").write_text("\n".join(quote_lines) + "\n", encoding="utf-8")
    write_support(target)
    return target


DESCRIPTION = "Write a synthetic data directory at a multiple of today's size."
"""``--help``'s description: a constant, as ``python -OO`` drops docstrings."""


def main(argv: Sequence[str] | None = None) -> int:
    """Write a synthetic data directory."""
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    generate(args.output, args.factor, args.seed)
    print(
        f"wrote {args.factor * SEGMENTS_PER_FACTOR} segments, {args.factor} sources and "
        f"{args.factor * QUOTES_PER_FACTOR} quotes to {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
