"""How the atlas is made: what is drawn, from which sources, what the evidence means, limits."""

from collections import Counter

import streamlit as st

from components.core.vocabulary import LEVEL_EXPLANATIONS, LEVEL_LABELS
from components.storage.paths import DEFAULT_DATA_DIR, data_dir
from components.ui import pages
from components.ui.data import atlas
from components.ui.quote_cards import level_badge

pages.require_app()
data = atlas()
pages.set_title("How the atlas is made")
st.title("How the atlas is made")
st.markdown(
    f"The atlas draws {len(data.segments)} segments of {len(data.routes)} trade routes, each "
    "with what its sources say about it. Here is how, from what, and how far to trust it."
)

st.subheader("What is drawn, and how")
st.markdown(
    "Each segment is a straight-edged line through the stations, ports, pump stations and "
    "towns that the sources place the route at. The real track or pipe bends between them, so "
    "**a drawn length is a chord**: shorter than the real one. Where a length is published, it "
    "is shown beside the drawn one, with who published it.\n\n"
    "Where a route crosses a border, the line meets the real border (Natural Earth's detailed "
    "outline) where the straight line between the places on either side crosses it.\n\n"
    "A place whose position no source publishes is placed as well as we can and **marked "
    "approximate**, with how many kilometres it may be off."
)

st.subheader("Where it comes from")
st.markdown(
    f"- **The quotes:** {len(data.quotes)} passages from {len(data.sources)} source(s), each "
    "anchored to its exact words in the stored text.\n"
    f"- **The facts:** {len(data.facts)} published figures and dates (lengths, openings, "
    "operators, capacities, status), each with its publisher and web address.\n"
    "- **Borders and outlines:** Natural Earth (public domain).\n"
    "- **Town positions:** GeoNames (CC BY 4.0)."
)
st.page_link(pages.SOURCE, label="Read the sources", icon=":material/article:")

st.subheader("What the evidence levels mean")
st.markdown("A segment's level is the strongest thing its quotes' own words say about it:")
levels = Counter(data.evidence.values())
for level in LEVEL_LABELS:
    count = levels[level]
    st.markdown(
        f"{level_badge(level)} **{count} segment{'' if count == 1 else 's'}**  \n"
        f"{LEVEL_EXPLANATIONS[level]}"
    )

st.subheader("Known limits")
st.markdown(
    f"- **Few sources.** The quotes come from {len(data.sources)} source(s) so far; they name "
    f"{levels['names']} of the {len(data.segments)} segments, the rest only by route or region.\n"
    "- **Pump stations placed by district.** No source we found publishes where the BTC "
    "pump stations stand: two sit at their district's main town, marked approximate.\n"
    "- **Lengths are drawn chords,** not measured along the track."
)

st.subheader("Is the data consistent?")
if data.problems:
    st.error(f"{len(data.problems)} problem(s) in the data; what is valid is still shown:")
    st.code("\n".join(str(problem) for problem in data.problems), language=None)
else:
    st.success("Every file validated: every segment is quoted and every quote found in its source.")
if data.notices:
    st.warning("\n".join(str(notice) for notice in data.notices))

readme = data_dir() / "README.md"
with st.expander("For developers: the data README"):
    st.caption("`data/README.md` in the repository: every file, its source, its licence.")
    if data_dir().resolve() == DEFAULT_DATA_DIR and readme.is_file():
        st.markdown(readme.read_text(encoding="utf-8"))
    elif readme.is_file():
        # Another data directory's README is not ours to trust: show it as plain text.
        st.text(readme.read_text(encoding="utf-8", errors="replace")[:100_000])
