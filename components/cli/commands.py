"""The ``corridor`` command: validate and export the data, and rebuild the derived data files."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from components.build import countries, land, nodes, places, segments, support
from components.cli import ingest as ingest_cli
from components.cli.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from components.core.atlas import Atlas
from components.core.export import nodes_to_csv, nodes_to_geojson, to_csv, to_geojson
from components.core.facts import drawn_against_published
from components.core.filtering import filter_segments
from components.core.model import MODES
from components.core.nodes import nodes_on
from components.core.support import LEVELS
from components.storage.loading import load_atlas
from components.storage.paths import DATA_ENV, missing_data_dir

BUILDERS: dict[str, ModuleType] = {
    "build-countries": countries,
    "build-places": places,
    "build-segments": segments,
    "build-nodes": nodes,
    "build-land": land,
    "build-support": support,
}
"""Commands that regenerate a derived data file; their options are the builder's own."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``corridor`` command line and return its exit code."""
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        # The reader went away (`corridor validate | head -1`): stop quietly, as Unix tools do.
        # Python would otherwise complain once more when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID


def _run(argv: list[str]) -> int:
    if argv and argv[0] in BUILDERS:
        return BUILDERS[argv[0]].main(argv[1:])
    args = _parser().parse_args(argv)
    missing = missing_data_dir(args.data) if "data" in args else None
    if missing:
        print(f"corridor: {missing}", file=sys.stderr)
        return EXIT_USAGE
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridor",
        description="Corridor Atlas data tools.",
        epilog=f"The data directory defaults to ${DATA_ENV}, else the repository's data/.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every data file and report problems")
    validate.add_argument("--data", type=Path, help="data directory")
    validate.set_defaults(run=_validate)

    export = commands.add_parser(
        "export", help="write the matching segments (or the facilities) as GeoJSON or CSV"
    )
    export.add_argument("--data", type=Path, help="data directory")
    export.add_argument(
        "--layer",
        choices=("segments", "nodes"),
        default="segments",
        help="segments (default) or nodes: the facilities the matching segments run through",
    )
    export.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="CC",
        help="ISO alpha-2 code; a segment matches if it crosses any given country",
    )
    export.add_argument("--route", action="append", default=[], metavar="ID")
    export.add_argument("--mode", action="append", default=[], choices=MODES)
    export.add_argument(
        "--evidence",
        action="append",
        default=[],
        choices=LEVELS,
        help="keep segments whose evidence is one of these (names, route, context, none)",
    )
    export.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=_export)

    ingest_cli.register(commands)

    for name, module in BUILDERS.items():
        commands.add_parser(name, help=f"regenerate a derived data file (see {module.__name__})")
    return parser


def _validate(args: argparse.Namespace) -> int:
    atlas = load_atlas(args.data)
    for notice in atlas.notices:
        print(f"warning: {notice}", file=sys.stderr)
    if atlas.problems:
        for problem in atlas.problems:
            print(problem, file=sys.stderr)
        print(f"{len(atlas.problems)} problem(s) found.", file=sys.stderr)
        return EXIT_INVALID
    print(_summary(atlas))
    for line in _length_report(atlas):
        print(line)
    return EXIT_OK


def _summary(atlas: Atlas) -> str:
    levels = Counter(atlas.evidence.values())
    evidence = ", ".join(f"{levels[level]} {level}" for level in LEVELS if levels[level])
    return (
        f"ok: {len(atlas.routes)} routes, {len(atlas.segments)} segments, "
        f"{len(atlas.quotes)} quotes anchored in {len(atlas.sources)} source(s), "
        f"{len(atlas.countries)} country outlines, {len(atlas.nodes)} facilities, "
        f"{len(atlas.facts)} cited facts; segment evidence: {evidence}"
    )


def _length_report(atlas: Atlas) -> list[str]:
    return [
        f"length {check.segment}: drawn {check.drawn_km:,.0f} km, published "
        f"{check.published.display_value()} ({check.published.citation.label()}): "
        f"{check.ratio:.0%}"
        for check in drawn_against_published(atlas.segments, atlas.facts)
    ]


def _export(args: argparse.Namespace) -> int:
    atlas = load_atlas(args.data)
    args.country = [code.upper() for code in args.country]
    unknown = _unknown_filters(atlas, args)
    if unknown:
        print(f"corridor export: {unknown}", file=sys.stderr)
        return EXIT_USAGE
    segments = filter_segments(
        atlas.segments,
        countries=args.country,
        routes=args.route,
        modes=args.mode,
        evidence=args.evidence,
    )
    if args.layer == "nodes":
        nodes = nodes_on(atlas.nodes, set(segments.index))
        text = (nodes_to_geojson if args.format == "geojson" else nodes_to_csv)(nodes)
    else:
        text = (to_geojson if args.format == "geojson" else to_csv)(atlas, segments)
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"corridor export: cannot write {args.output}: {error.strerror}", file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    for problem in atlas.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return EXIT_OK


def _unknown_filters(atlas: Atlas, args: argparse.Namespace) -> str | None:
    countries = [code for code in args.country if code not in atlas.countries.index]
    if countries:
        return f"unknown country code(s): {', '.join(countries)} (ISO 3166-1 alpha-2, e.g. GE)"
    routes = [route for route in args.route if route not in atlas.routes]
    if routes:
        return f"unknown route(s): {', '.join(routes)}; known: {', '.join(atlas.routes)}"
    return None


if __name__ == "__main__":
    sys.exit(main())
