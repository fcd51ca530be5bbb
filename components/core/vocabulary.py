"""Words the atlas shows for its codes: modes, evidence levels, facility kinds."""

from __future__ import annotations

MODE_LABELS = {"rail": "Rail", "road": "Road", "sea": "Sea (ferry)", "pipeline": "Pipeline"}

LEVEL_LABELS = {
    "names": "Names this segment",
    "route": "Names the route only",
    "context": "General context only",
    "none": "No quote",
}
"""How a support level (of one quote–segment link) or a segment's evidence reads on screen."""

LEVEL_EXPLANATIONS = {
    "names": "A quote names a place, a facility or the line of this segment.",
    "route": (
        "The quotes name the route this segment belongs to, but nothing on this segment: "
        "the segment is drawn because the route runs here, not because a source says so."
    ),
    "context": (
        "The quotes speak of the corridor, the region or a country only. No source in the "
        "atlas names this segment or its route; it is drawn as part of the route's description."
    ),
    "none": "No quote in the atlas speaks of this segment.",
}

WEAK_LEVELS = ("context", "none")
"""Evidence levels drawn faded on the map: nothing in the sources names the segment or route."""
