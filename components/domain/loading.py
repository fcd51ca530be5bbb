"""Load the data directory into an :class:`Atlas`, keeping what is valid and reporting the rest."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd

from components.domain import anchoring
from components.domain.facts import (
    Fact,
    drawn_against_published,
    length_problems,
    load_facts,
)
from components.domain.files import read_json, read_json_lines, read_text
from components.domain.geojson import features_to_frame
from components.domain.geometry import derive_segment_facts
from components.domain.ingest.gazetteer import gazetteer_problems, load_gazetteer
from components.domain.labels import Label, load_labels, load_land
from components.domain.model import (
    MODES,
    SOURCE_FIELDS,
    Furniture,
    Quote,
    Route,
    Source,
    is_text,
    segment_ids_fault,
)
from components.domain.nodes import empty_nodes, load_nodes
from components.domain.problems import Problem
from components.domain.support import (
    Support,
    quote_support,
    segment_evidence,
    stored_support_problems,
)

DATA_ENV = "CORRIDOR_DATA"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

SEGMENTS_FILE = "segments.geojson"
COUNTRIES_FILE = "countries.geojson"
ROUTES_FILE = "routes.json"
QUOTES_FILE = "quotes.jsonl"
SOURCES_DIR = "sources"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the data directory: ``explicit``, else ``$CORRIDOR_DATA``, else the repo's ``data/``.

    Parameters
    ----------
    explicit : path-like, optional
        A directory given on the command line.

    Returns
    -------
    Path
    """
    chosen = explicit or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR
    return Path(chosen)


def missing_data_dir(explicit: str | os.PathLike[str] | None = None) -> str | None:
    """Say where the data directory was looked for and how to name one, if there is none.

    An installed package (a wheel) has no ``data/`` beside its code: its default points
    nowhere, and five "missing file" problems would not tell a user what to do.

    Returns
    -------
    str or None
        The message, or ``None`` when the directory exists.
    """
    root = data_dir(explicit)
    if root.is_dir():
        return None
    if explicit:
        origin = "given with --data"
    elif os.environ.get(DATA_ENV):
        origin = f"from ${DATA_ENV}"
    else:
        origin = "the default, the data/ folder beside the code"
    return (
        f"no data directory at {root} ({origin}). Point the atlas at one: set "
        f"{DATA_ENV}=/path/to/data (a checkout's data/ folder), or pass --data /path/to/data."
    )


@dataclass
class Atlas:
    """Everything the dashboard shows, loaded and cross-checked.

    Attributes
    ----------
    routes : dict of str to Route
    segments : GeoDataFrame
        Indexed by segment id; columns ``route``, ``name``, ``mode``, ``via`` and the derived
        ``countries`` (alpha-2 codes in order along the line) and ``length_km``. EPSG:4326.
    countries : GeoDataFrame
        Indexed by alpha-2 code; column ``name``. EPSG:4326.
    sources : dict of str to Source
    quotes : list of Quote
        Anchored in their sources; a quote that could not be anchored is left out.
    problems : list of Problem
        Errors: what was left out or is inconsistent.
    notices : list of Problem
        Warnings that need no action to keep working (e.g. a quote re-anchored).
    facts : list of Fact
        Published figures about routes and segments, each with its citation.
    nodes : GeoDataFrame
        The facilities the routes run through (ports, crossings, terminals, pump stations),
        indexed by id. EPSG:4326.
    support : dict of str to dict of str to Support
        Quote id to segment id to the support level of that link and the words that decided
        it (see :mod:`components.domain.support`).
    evidence : dict of str to str
        Segment id to its evidence: the strongest level of its links, ``none`` when unquoted.
        Also the ``evidence`` column of ``segments``.
    labels : list of Label
        Names written on the map: the routes' hubs and the seas.
    land : list of dict
        GeoJSON features of the land around the region the country outlines cover.
    """

    routes: dict[str, Route]
    segments: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    sources: dict[str, Source]
    quotes: list[Quote]
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    nodes: gpd.GeoDataFrame = field(default_factory=empty_nodes)
    support: dict[str, dict[str, Support]] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    labels: list[Label] = field(default_factory=list)
    land: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def quotes_by_segment(self) -> dict[str, list[Quote]]:
        """Map each segment id to the quotes that support it, in file order."""
        index: dict[str, list[Quote]] = {segment_id: [] for segment_id in self.segments.index}
        for quote in self.quotes:
            for segment_id in quote.segments:
                index.setdefault(segment_id, []).append(quote)
        return index

    def route_layer(self, route_id: str) -> gpd.GeoDataFrame:
        """Return the segments of one route, in file order: one GeoPandas layer per route."""
        return self.segments[self.segments["route"] == route_id]

    def country_name(self, code: str) -> str:
        """Return a country's display name, or the code itself when the country is unknown."""
        if code in self.countries.index:
            return str(self.countries.at[code, "name"])
        return code


def load_atlas(directory: str | os.PathLike[str] | None = None) -> Atlas:
    """Load and cross-check every data file of a data directory.

    Parameters
    ----------
    directory : path-like, optional
        The data directory; see :func:`data_dir` for the default.

    Returns
    -------
    Atlas
        Whatever is valid, with every problem found listed in ``problems``.
    """
    root = data_dir(directory)
    routes, problems = load_routes(root)
    countries, country_problems = load_countries(root)
    segments, segment_problems = load_segments(root, set(routes))
    sources, source_problems = load_sources(root)
    records, quotes, quote_problems, notices = load_quotes(root, sources, set(segments.index))
    facts, fact_problems = load_facts(root, {*routes, *segments.index}, set(countries.index))
    nodes, node_problems = load_nodes(root, set(segments.index), set(countries.index))
    gazetteer, gazetteer_faults = load_gazetteer(root)
    labels, label_problems = load_labels(root)
    land, land_problems = load_land(root)
    problems += country_problems + segment_problems + source_problems + quote_problems
    problems += fact_problems + node_problems + gazetteer_faults + label_problems + land_problems
    problems += gazetteer_problems(gazetteer, set(segments.index), set(routes))
    segments = derive_segment_facts(segments, countries)
    quoted = {segment_id for quote in quotes for segment_id in quote.segments}
    problems += [
        Problem(SEGMENTS_FILE, segment_id, "no quote supports this segment")
        for segment_id in segments.index
        if segment_id not in quoted
    ]
    problems += length_problems(drawn_against_published(segments, facts))
    atlas = Atlas(routes, segments, countries, sources, quotes, problems, notices, facts, nodes)
    atlas.labels, atlas.land = labels, land
    atlas.support = quote_support(atlas, gazetteer)
    atlas.evidence = segment_evidence(segments.index, atlas.support)
    atlas.segments["evidence"] = [atlas.evidence[segment_id] for segment_id in segments.index]
    atlas.problems += stored_support_problems(records, atlas.support)
    missing = missing_data_dir(directory)
    if missing:  # one problem that says what to do, instead of a missing file each
        atlas.problems = [Problem(str(root), None, missing)]
    return atlas


def load_routes(root: Path) -> tuple[dict[str, Route], list[Problem]]:
    """Read ``routes.json``: a list of ``{id, name, description, colour}`` objects."""
    value, problems = read_json(root, ROUTES_FILE)
    if value is None:
        return {}, problems
    if not isinstance(value, list):
        return {}, [Problem(ROUTES_FILE, None, "must be a JSON list of routes")]
    routes: dict[str, Route] = {}
    for index, item in enumerate(value):
        where = item.get("id") if isinstance(item, dict) else None
        where = where if isinstance(where, str) else f"route #{index}"
        fault = _route_fault(item)
        if not fault and item["id"] in routes:
            fault = "duplicate id"
        if fault:
            problems.append(Problem(ROUTES_FILE, where, fault))
            continue
        routes[item["id"]] = Route(item["id"], item["name"], item["description"], item["colour"])
    return routes, problems


def _route_fault(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "not a JSON object"
    texts = [key for key in ("id", "name", "description", "colour") if not is_text(item.get(key))]
    if texts:
        return f"missing or not text: {', '.join(texts)}"
    if not SLUG.match(item["id"]):
        return "id must be a lower-case slug (letters, digits, single hyphens)"
    if not COLOUR.match(item["colour"]):
        return "colour must be #RRGGBB"
    return None


def load_segments(root: Path, route_ids: set[str]) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read ``segments.geojson``: LineString features with ``id, route, name, mode, via``."""
    value, problems = read_json(root, SEGMENTS_FILE)
    if value is None:
        return _empty_frame(("route", "name", "mode", "via")), problems
    frame, feature_problems = features_to_frame(
        value,
        SEGMENTS_FILE,
        geometry_types=("LineString",),
        required=("id", "route", "name", "mode", "via"),
        optional=("sources", "approximate_km"),
    )
    problems += feature_problems
    faults = {segment_id: _segment_fault(row, route_ids) for segment_id, row in frame.iterrows()}
    problems += [Problem(SEGMENTS_FILE, sid, fault) for sid, fault in faults.items() if fault]
    valid = [segment_id for segment_id, fault in faults.items() if not fault]
    return frame.loc[valid], problems


def _segment_fault(row: Any, route_ids: set[str]) -> str | None:
    if not isinstance(row.name, str) or not SLUG.match(row.name):
        return "id must be a lower-case slug (letters, digits, single hyphens)"
    if row["route"] not in route_ids:
        return f"unknown route {row['route']!r} (not in {ROUTES_FILE})"
    if row["mode"] not in MODES:
        return f"unknown mode {row['mode']!r}; one of {', '.join(MODES)}"
    if not is_text(row["name"]):
        return "name must be text"
    via = row["via"]
    if not isinstance(via, list) or len(via) < 2 or not all(is_text(place) for place in via):
        return "via must list at least two named places"
    return _vertex_notes_fault(row, len(via))


def _vertex_notes_fault(row: Any, vertices: int) -> str | None:
    sources, uncertainty = row.get("sources"), row.get("approximate_km")
    if sources is not None and (
        not isinstance(sources, list)
        or len(sources) != vertices
        or not all(is_text(source) for source in sources)
    ):
        return "sources must give one text per place of via"
    if uncertainty is not None and (
        not isinstance(uncertainty, list)
        or len(uncertainty) != vertices
        or not all(_is_uncertainty(km) for km in uncertainty)
    ):
        return "approximate_km must give, per place of via, null or a positive number of km"
    return None


def _is_uncertainty(value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def load_countries(root: Path) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read ``countries.geojson``: (Multi)Polygon features with ``code`` (alpha-2) and ``name``."""
    value, problems = read_json(root, COUNTRIES_FILE)
    if value is None:
        return _empty_frame(("name",)), problems
    if isinstance(value, dict):
        # Country features are keyed by ``code``; reuse the generic reader, which keys on ``id``.
        for feature in value.get("features") or []:
            if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
                feature["properties"]["id"] = feature["properties"].get("code")
    frame, feature_problems = features_to_frame(
        value, COUNTRIES_FILE, geometry_types=("Polygon", "MultiPolygon"), required=("id", "name")
    )
    bad = [code for code in frame.index if not re.fullmatch(r"[A-Z]{2}", str(code))]
    problems += feature_problems
    problems += [Problem(COUNTRIES_FILE, code, "code must be ISO 3166-1 alpha-2") for code in bad]
    frame = frame.drop(index=bad)
    frame.index.name = "code"
    return frame, problems


def load_sources(root: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Read every ``sources/<id>.json`` with its verbatim ``sources/<id>.txt``."""
    folder = root / SOURCES_DIR
    if not folder.is_dir():
        return {}, [Problem(SOURCES_DIR, None, "folder is missing")]
    sources, problems = {}, []
    for meta_path in sorted(folder.glob("*.json")):
        source, source_problems = _load_source(root, meta_path.stem)
        problems += source_problems
        if source is not None:
            sources[source.id] = source
    return sources, problems


def _load_source(root: Path, stem: str) -> tuple[Source | None, list[Problem]]:
    meta_name, text_name = f"{SOURCES_DIR}/{stem}.json", f"{SOURCES_DIR}/{stem}.txt"
    meta, problems = read_json(root, meta_name)
    if meta is None:
        return None, problems
    fault = _source_fault(meta, stem)
    if fault:
        return None, [Problem(meta_name, stem, fault)]
    text, problems = read_text(root, text_name)
    if text is None:
        return None, problems
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != meta["sha256"]:
        message = f"sha256 of {text_name} is {digest}, metadata says {meta['sha256']}"
        return None, [Problem(meta_name, stem, message + ": the text changed after anchoring")]
    furniture, fault = _furniture(meta.get("furniture", []), len(text))
    if fault:
        return None, [Problem(meta_name, stem, fault)]
    fields = {key: meta[key] for key in SOURCE_FIELDS}
    note = meta.get("published_note")
    return Source(**fields, text=text, published_note=note, furniture=furniture), []


def _furniture(value: Any, length: int) -> tuple[tuple[Furniture, ...], str | None]:
    if not isinstance(value, list):
        return (), "furniture must be a list of {start, end, what}"
    pieces, previous_end = [], 0
    for item in value:
        if not isinstance(item, dict) or not is_text(item.get("what")):
            return (), "each furniture entry needs start, end and what (text)"
        start, end = item.get("start"), item.get("end")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
            return (), "furniture start and end must be whole numbers"
        if not previous_end <= start < end <= length:
            return (), f"furniture {start}–{end} must be in order, apart, and inside the text"
        pieces.append(Furniture(start, end, item["what"]))
        previous_end = end
    return tuple(pieces), None


def _source_fault(meta: Any, stem: str) -> str | None:
    if not isinstance(meta, dict):
        return "must be a JSON object"
    missing = [key for key in SOURCE_FIELDS if key not in meta]
    if missing:
        return f"missing fields (use null for unknown): {', '.join(missing)}"
    texts = (*SOURCE_FIELDS, "published_note")
    wrong = [key for key in texts if meta.get(key) is not None and not is_text(meta[key])]
    if wrong:
        return f"fields must be text or null: {', '.join(wrong)}"
    if meta["id"] != stem:
        return f"id {meta['id']!r} does not match the file name {stem!r}"
    if not SLUG.match(stem):
        return "id must be a lower-case slug (letters, digits, single hyphens)"
    if not isinstance(meta["sha256"], str) or not re.fullmatch(r"[0-9a-f]{64}", meta["sha256"]):
        return "sha256 must be 64 lower-case hex digits"
    return None


def load_quotes(
    root: Path, sources: dict[str, Source], segment_ids: set[str]
) -> tuple[list[tuple[int, Any]], list[Quote], list[Problem], list[Problem]]:
    """Read ``quotes.jsonl`` and anchor every quote in its source text.

    Returns
    -------
    tuple of (list of (int, object), list of Quote, list of Problem, list of Problem)
        The parsed records with their line numbers, the anchored quotes, the errors, and the
        notices (quotes re-anchored from a stale position).
    """
    records, problems = read_json_lines(root, QUOTES_FILE)
    quotes, notices, seen = [], [], set()
    for line, record in records:
        where = f"line {line}"
        quote, fault, notice = _anchored_quote(record, sources, segment_ids, seen)
        if quote is not None:
            seen.add(quote.id)
            quotes.append(quote)
        if fault:
            problems.append(Problem(QUOTES_FILE, _quote_place(record, where), fault))
        if notice:
            notices.append(Problem(QUOTES_FILE, _quote_place(record, where), notice))
    return records, quotes, problems, notices


def _quote_place(record: Any, where: str) -> str:
    quote_id = record.get("id") if isinstance(record, dict) else None
    return f"{where} ({quote_id})" if is_text(quote_id) else where


def _anchored_quote(
    record: Any, sources: dict[str, Source], segment_ids: set[str], seen: set[str]
) -> tuple[Quote | None, str | None, str | None]:
    fault = _quote_record_fault(record, sources, segment_ids, seen)
    if fault:
        return None, fault, None
    try:
        selector, position = anchoring.selectors_from_json(record["selector"])
    except ValueError as error:
        return None, f"selector: {error}", None
    source = sources[record["source"]]
    anchor = anchoring.anchor_quote(source.text, selector, position)
    if not anchor.found:
        return None, f"{anchor.status.value} in source {record['source']!r}: {anchor.message}", None
    furniture = [f for f in source.furniture if f.start < anchor.end and anchor.start < f.end]
    if furniture:
        return None, f"stands in the page furniture ({furniture[0].what}), not the article", None
    quote = Quote(
        record["id"],
        record["source"],
        tuple(record["segments"]),
        selector,
        position,
        anchor.start,
        anchor.end,
    )
    notice = anchor.message if anchor.status is anchoring.AnchorStatus.REANCHORED else None
    return quote, None, notice


def _quote_record_fault(
    record: Any, sources: dict[str, Source], segment_ids: set[str], seen: set[str]
) -> str | None:
    if not isinstance(record, dict):
        return "must be a JSON object"
    missing = [key for key in ("id", "source", "segments", "selector") if key not in record]
    if missing:
        return f"missing {', '.join(missing)}"
    if not is_text(record["id"]) or not SLUG.match(record["id"]):
        return "id must be a lower-case slug"
    if record["id"] in seen:
        return "duplicate id"
    if record["source"] not in sources:
        return f"unknown source {record['source']!r}"
    return segment_ids_fault(record["segments"], segment_ids)


def _empty_frame(columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs="EPSG:4326")


def data_version(
    directory: str | os.PathLike[str] | None = None,
) -> tuple[tuple[str, int, int], ...]:
    """Return a cheap fingerprint of the data directory: each file's name, size and mtime.

    Caches key on it, so an edited data file is picked up on the next rerun without hashing
    the data on every rerun.
    """
    root = data_dir(directory)
    if not root.is_dir():
        return ()
    return tuple(
        (str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and (stat := path.stat())
    )
