"""Load the data directory into an :class:`Atlas`, keeping what is valid and reporting the rest."""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, ParamSpec, TypeGuard, TypeVar

import geopandas as gpd

from components.core.atlas import Atlas
from components.core.characters import label_fault, prose_fault
from components.core.facts import FACTS_FILE, drawn_against_published, length_problems
from components.core.gazetteer import GAZETTEER_FILE, Gazetteer, gazetteer_problems
from components.core.geojson import features_to_frame, frame_rows
from components.core.geometry import derive_segment_facts
from components.core.labels import LABELS_FILE, LAND_FILE
from components.core.model import (
    MODES,
    SOURCE_FIELDS,
    Furniture,
    Quote,
    Route,
    Source,
    id_fault,
    is_id,
    is_number,
    is_text,
    label_text_fault,
    prose_text_fault,
)
from components.core.nodes import NODES_FILE, empty_nodes
from components.core.problems import Notice, Problem, checked, shown, unreadable
from components.core.quotes import anchored_quote, check_quote_records
from components.core.support import (
    quote_support,
    segment_evidence,
    stored_support_problems,
)
from components.storage.files import read_json, read_json_lines, read_text
from components.storage.paths import data_dir, missing_data_dir
from components.storage.supporting import (
    load_facts,
    load_gazetteer,
    load_labels,
    load_land,
    load_nodes,
)

COLOUR = re.compile(r"\A#[0-9A-Fa-f]{6}\Z")
MAX_UNCERTAINTY_KM = 20_000.0
"""Half the Earth's circumference: no position can be further off than that."""

SEGMENTS_FILE = "segments.geojson"
COUNTRIES_FILE = "countries.geojson"
ROUTES_FILE = "routes.json"
QUOTES_FILE = "quotes.jsonl"
SOURCES_DIR = "sources"
DERIVED_COLUMNS = ("route", "name", "mode", "via", "countries", "length_km")
"""A segment frame's columns once the countries crossed and the drawn length are derived."""
T = TypeVar("T")
P = ParamSpec("P")


class _CollectorPause:
    """Pause Python's cyclic garbage collector while data loads; reentrant and thread-safe.

    Loading makes hundreds of thousands of small objects (parsed JSON, rows, terms) that stay
    alive until it returns, and makes no reference cycles (a collection right after a load
    finds nothing). Every automatic collection meanwhile walks all of them again: a quarter of
    the load's time at 1000 times today's data. Reference counting frees everything as usual.
    Nested and concurrent loads share one pause; the collector is enabled again after the last
    one, if it was enabled before the first.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loads = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if not self._loads:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._loads += 1

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._loads -= 1
            if not self._loads and self._was_enabled:
                gc.enable()


_COLLECTOR_PAUSE = _CollectorPause()


def _without_collector(load: Callable[P, T]) -> Callable[P, T]:
    """Run ``load`` with the cyclic garbage collector paused (see :class:`_CollectorPause`)."""

    @functools.wraps(load)
    def paused(*args: P.args, **kwargs: P.kwargs) -> T:
        with _COLLECTOR_PAUSE:
            return load(*args, **kwargs)

    return paused


def _in_background(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
    """Start ``work`` on a thread of its own; ``result()`` waits for it and raises its error.

    For the geometry (GEOS lets go of the GIL), which so runs while the other files load.
    """
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="corridor-load")
    try:
        return executor.submit(work, *args, **kwargs)
    finally:
        executor.shutdown(wait=False)  # its thread ends when the work is done


@_without_collector
def load_atlas(directory: str | os.PathLike[str] | None = None) -> Atlas:
    """Load and cross-check every data file of a data directory.

    Every loader checks the type of every value it uses and reads each record on its own: a
    malformed or unexpected value leaves out that record (a route, a feature, a quote, a fact)
    with a :class:`Problem` naming its file and place, and the rest is kept. Should a loader
    still fail, its file is reported as unreadable and the other files load.

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
    routes, problems = _guarded(ROUTES_FILE, lambda: load_routes(root), dict)
    countries, country_problems = _guarded(
        COUNTRIES_FILE, lambda: load_countries(root), lambda: _empty_frame(("name",), "code")
    )
    segments, segment_problems = _guarded(
        SEGMENTS_FILE,
        lambda: load_segments(root, set(routes)),
        lambda: _empty_frame(("route", "name", "mode", "via")),
    )
    derived = _in_background(derive_segment_facts, segments, countries)  # while the rest loads
    sources, source_problems = _guarded(SOURCES_DIR, lambda: load_sources(root), dict)
    (records, quotes, notices), quote_problems = _guarded(
        QUOTES_FILE, lambda: _quotes(root, sources, set(segments.index)), lambda: ([], [], [])
    )
    subjects, codes = {*routes, *segments.index}, set(countries.index)
    facts, fact_problems = _guarded(FACTS_FILE, lambda: load_facts(root, subjects, codes), list)
    nodes, node_problems = _guarded(
        NODES_FILE, lambda: load_nodes(root, set(segments.index), codes), empty_nodes
    )
    gazetteer, gazetteer_faults = _guarded(GAZETTEER_FILE, lambda: load_gazetteer(root), Gazetteer)
    labels, label_problems = _guarded(LABELS_FILE, lambda: load_labels(root), list)
    land, land_problems = _guarded(LAND_FILE, lambda: load_land(root), list)
    problems += country_problems + segment_problems + source_problems + quote_problems
    problems += fact_problems + node_problems + gazetteer_faults + label_problems + land_problems
    problems += gazetteer_problems(gazetteer, set(segments.index), set(routes))
    segments, derive_problems = _guarded(
        SEGMENTS_FILE, lambda: (derived.result(), []), lambda: _empty_frame(DERIVED_COLUMNS)
    )
    problems += derive_problems
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


def _guarded(
    name: str, load: Callable[[], tuple[T, list[Problem]]], empty: Callable[[], T]
) -> tuple[T, list[Problem]]:
    """Run one file's loader; should it fail after all, report the file and load the others."""
    try:
        return load()
    except Exception as error:
        return empty(), [Problem(name, None, unreadable(error))]


def _quotes(
    root: Path, sources: dict[str, Source], segment_ids: set[str]
) -> tuple[tuple[list[tuple[int, Any]], list[Quote], list[Notice]], list[Problem]]:
    records, quotes, problems, notices = load_quotes(root, sources, segment_ids)
    return (records, quotes, notices), problems


def load_routes(root: Path) -> tuple[dict[str, Route], list[Problem]]:
    """Read ``routes.json``: a list of ``{id, name, description, colour}`` objects."""
    value, problems = read_json(root, ROUTES_FILE)
    if value is None:
        return {}, problems
    if not isinstance(value, list):
        return {}, [Problem(ROUTES_FILE, None, "must be a JSON list of routes")]
    routes: dict[str, Route] = {}
    for index, item in enumerate(value):
        where = _record_place(item, f"route #{index}")
        try:
            fault = _route_fault(item)
        except Exception as error:
            fault = unreadable(error)
        if not fault and item["id"] in routes:
            fault = "duplicate id"
        if fault:
            problems.append(Problem(ROUTES_FILE, where, fault))
            continue
        routes[item["id"]] = Route(item["id"], item["name"], item["description"], item["colour"])
    return routes, problems


def _record_place(item: Any, fallback: str) -> str:
    """Name a record in problems by its id when that is a well-formed id, else by its position."""
    record_id = item.get("id") if isinstance(item, dict) else None
    return record_id if is_id(record_id) else fallback


def _route_fault(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "not a JSON object"
    texts = [key for key in ("id", "name", "description", "colour") if not is_text(item.get(key))]
    if texts:
        return f"missing or not text: {', '.join(texts)}"
    return (
        id_fault(item["id"])
        or label_text_fault(item["name"], "name")
        or prose_text_fault(item["description"], "description")
        or (None if COLOUR.fullmatch(item["colour"]) else "colour must be #RRGGBB")
    )


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
    faults = {
        segment_id: checked(_segment_fault, row, route_ids) for segment_id, row in frame_rows(frame)
    }
    problems += [Problem(SEGMENTS_FILE, str(sid), fault) for sid, fault in faults.items() if fault]
    valid = [segment_id for segment_id, fault in faults.items() if not fault]
    return frame.loc[valid], problems


def _segment_fault(row: Any, route_ids: set[str]) -> str | None:
    fault = id_fault(row.name)
    if fault:
        return fault
    route, mode = row["route"], row["mode"]
    if not isinstance(route, str) or route not in route_ids:
        return f"unknown route {shown(route)} (not in {ROUTES_FILE})"
    if not isinstance(mode, str) or mode not in MODES:
        return f"unknown mode {shown(mode)}; one of {', '.join(MODES)}"
    fault = label_text_fault(row["name"], "name")
    if fault:
        return fault
    via = row["via"]
    if not isinstance(via, list) or len(via) < 2 or not all(is_text(place) for place in via):
        return "via must list at least two named places"
    for place in via:  # text, so its only possible fault is a hidden or long label
        fault = label_fault(place)
        if fault:
            return f"a place of via {fault}"
    return _vertex_notes_fault(row, len(via))


def _vertex_notes_fault(row: Any, vertices: int) -> str | None:
    sources, uncertainty = row.get("sources"), row.get("approximate_km")
    if sources is not None:
        if (
            not isinstance(sources, list)
            or len(sources) != vertices
            or not all(is_text(source) for source in sources)
        ):
            return "sources must give one text per place of via"
        faults = (prose_text_fault(source, "a source of a place") for source in sources)
        fault = next((fault for fault in faults if fault), None)
        if fault:
            return fault
    if uncertainty is not None and (
        not isinstance(uncertainty, list)
        or len(uncertainty) != vertices
        or not all(_is_uncertainty(km) for km in uncertainty)
    ):
        return (
            "approximate_km must give, per place of via, null or a positive number of km "
            f"(at most {MAX_UNCERTAINTY_KM:,.0f})"
        )
    return None


def _is_uncertainty(value: Any) -> bool:
    if value is None:
        return True
    return is_number(value) and 0 < value <= MAX_UNCERTAINTY_KM


def load_countries(root: Path) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read ``countries.geojson``: (Multi)Polygon features with ``code`` (alpha-2) and ``name``."""
    value, problems = read_json(root, COUNTRIES_FILE)
    if value is None:
        return _empty_frame(("name",), "code"), problems
    frame, feature_problems = features_to_frame(
        value,
        COUNTRIES_FILE,
        geometry_types=("Polygon", "MultiPolygon"),
        required=("code", "name"),
        key="code",
    )
    problems += feature_problems
    faults = {code: checked(_country_fault, code, row) for code, row in frame_rows(frame)}
    problems += [
        Problem(COUNTRIES_FILE, str(code), fault) for code, fault in faults.items() if fault
    ]
    frame = frame.loc[[code for code, fault in faults.items() if not fault]]
    frame.index.name = "code"
    return frame, problems


def _country_fault(code: Any, row: Any) -> str | None:
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
        return "code must be ISO 3166-1 alpha-2"
    return label_text_fault(row["name"], "name")


def load_sources(root: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Read every ``sources/<id>.json`` with its verbatim ``sources/<id>.txt``."""
    folder = root / SOURCES_DIR
    if not folder.is_dir():
        return {}, [Problem(SOURCES_DIR, None, "folder is missing")]
    sources, problems = {}, []
    for meta_path in sorted(folder.glob("*.json")):
        try:
            source, source_problems = _load_source(root, meta_path.stem)
        except Exception as error:
            name = f"{SOURCES_DIR}/{meta_path.name}"
            source, source_problems = None, [Problem(name, None, unreadable(error))]
        problems += source_problems
        if source is not None:
            sources[source.id] = source
    return sources, problems


def _load_source(root: Path, stem: str) -> tuple[Source | None, list[Problem]]:
    meta_name, text_name = f"{SOURCES_DIR}/{stem}.json", f"{SOURCES_DIR}/{stem}.txt"
    where = stem if is_id(stem) else None  # a file name may hold anything
    meta, problems = read_json(root, meta_name)
    if meta is None:
        return None, problems
    fault = _source_fault(meta, stem)
    if fault:
        return None, [Problem(meta_name, where, fault)]
    text, problems = read_text(root, text_name)
    if text is None:
        return None, problems
    fault = prose_fault(text)
    if fault:
        return None, [Problem(text_name, None, f"the text {fault}")]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != meta["sha256"]:
        message = f"sha256 of {text_name} is {digest}, metadata says {meta['sha256']}"
        return None, [Problem(meta_name, where, message + ": the text changed after anchoring")]
    furniture, fault = _furniture(meta.get("furniture", []), len(text))
    if fault:
        return None, [Problem(meta_name, where, fault)]
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
        fault = label_text_fault(item["what"], "furniture what")
        if fault:
            return (), fault
        start, end = item.get("start"), item.get("end")
        if not (_is_whole(start) and _is_whole(end)):
            return (), "furniture start and end must be whole numbers"
        if not previous_end <= start < end <= length:
            return (), f"furniture {start}–{end} must be in order, apart, and inside the text"
        pieces.append(Furniture(start, end, item["what"]))
        previous_end = end
    return tuple(pieces), None


def _is_whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


SOURCE_LABELS = ("title", "author", "publisher", "published", "url", "retrieved", "licence")
"""The metadata of a source that is shown as a label (text or null)."""


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
        return f"id {shown(meta['id'])} does not match the file name {shown(stem)}"
    fault = id_fault(stem)
    if fault:
        return fault
    if not isinstance(meta["sha256"], str) or not re.fullmatch(r"[0-9a-f]{64}", meta["sha256"]):
        return "sha256 must be 64 lower-case hex digits"
    faults = (label_text_fault(meta[key], key) for key in SOURCE_LABELS if meta[key] is not None)
    fault = next((fault for fault in faults if fault), None)
    if fault:
        return fault
    note = meta.get("published_note")
    return prose_text_fault(note, "published_note") if note is not None else None


def load_quotes(
    root: Path, sources: dict[str, Source], segment_ids: set[str]
) -> tuple[list[tuple[int, Any]], list[Quote], list[Problem], list[Notice]]:
    """Read ``quotes.jsonl`` and anchor every quote in its source text.

    Every record is checked by :func:`~components.core.quotes.check_quote_records`, the check
    ingest uses too, and every fault it has is reported.

    Returns
    -------
    tuple of (list of (int, object), list of Quote, list of Problem, list of Notice)
        The parsed records with their line numbers, the anchored quotes, the errors, and the
        notices (quotes re-anchored from a stale position).
    """
    records, problems = read_json_lines(root, QUOTES_FILE)
    quotes: list[Quote] = []
    notices: list[Notice] = []
    for entry in check_quote_records(records, sources.keys(), segment_ids):
        place = entry.place(f"line {entry.number}")
        problems.extend(Problem(QUOTES_FILE, place, fault) for fault in entry.faults)
        record = entry.record
        if record is None:
            continue
        try:
            quote, fault, notice = anchored_quote(record, sources[record.placement.source])
        except Exception as error:
            quote, fault, notice = None, unreadable(error), None
        if quote is not None:
            quotes.append(quote)
        if fault:
            problems.append(Problem(QUOTES_FILE, place, fault))
        if notice:
            notices.append(Notice(QUOTES_FILE, place, notice))
    return records, quotes, problems, notices


def _empty_frame(columns: tuple[str, ...], index: str = "id") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(columns=[*columns, "geometry"], geometry="geometry", crs="EPSG:4326")
    frame.index.name = index
    return frame
