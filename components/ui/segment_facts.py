"""A segment's facts, the same on the map panel and on the segment page."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.core.atlas import Atlas
from components.core.facts import Fact, facts_about, published_length
from components.core.vocabulary import LEVEL_EXPLANATIONS, MODE_LABELS
from components.ui import pages
from components.ui.markdown import md_link, md_literal
from components.ui.quote_cards import level_badge

FACT_LABELS = {
    "length": "Published length",
    "opened": "Opened",
    "operator": "Operator",
    "capacity": "Capacity",
    "status": "Status",
}


def cited(fact: Fact, country_name: Callable[[str], str] = str) -> str:
    """Return a fact's value with its credit linked: ``1,768 km ([bp, 2023](https://…))``."""
    where = f" in {country_name(fact.country)}" if fact.country else ""
    as_of = f" as of {fact.as_of}" if fact.as_of and fact.kind in ("status", "capacity") else ""
    credit = md_link(fact.citation.label(), fact.citation.url)
    return f"{md_literal(fact.display_value())}{md_literal(where + as_of)} ({credit})"


def length_line(atlas: Atlas, segment_id: str) -> str:
    """Return ``drawn 1,618 km · published 1,768 km (bp)``, or the drawn length alone."""
    drawn = f"drawn {atlas.segments.at[segment_id, 'length_km']:,.0f} km"
    published = published_length(atlas.facts, segment_id)
    if published is None:
        return f"{drawn} · no published length found"
    return f"{drawn} · published {cited(published, atlas.country_name)}"


def segment_facts(atlas: Atlas, segment_id: str, *, country_links: bool = False) -> None:
    """Show a segment's evidence, route, mode, lengths, countries and places along it."""
    row = atlas.segments.loc[segment_id]
    route, mode = str(row["route"]), str(row["mode"])
    level = atlas.evidence.get(segment_id, "none")
    st.markdown(f"**Evidence:** {level_badge(level)}  \n:gray[{LEVEL_EXPLANATIONS[level]}]")
    st.markdown(
        f"**Route:** {md_literal(atlas.routes[route].name)}  \n"
        f"**Mode:** {md_literal(MODE_LABELS.get(mode, mode))}  \n"
        f"**Length:** {length_line(atlas, segment_id)}  \n"
        f"**Via:** {md_literal(' → '.join(row['via']))}"
    )
    approximate = approximate_places(row)
    if approximate:
        st.caption("Approximate positions (no published coordinates): " + md_literal(approximate))
    if country_links:
        st.markdown("**Countries:**")
        columns = st.columns(max(1, len(row["countries"])))
        for column, code in zip(columns, row["countries"], strict=False):
            column.page_link(
                pages.COUNTRY,
                label=md_literal(atlas.country_name(code)),
                icon=":material/flag:",
                query_params={"code": code},
            )
    else:
        names = ", ".join(map(atlas.country_name, row["countries"]))
        st.markdown(f"**Countries:** {md_literal(names)}")


def approximate_places(row) -> str:
    """Name the segment's vertices whose position is approximate, with their uncertainty."""
    uncertainty = row.get("approximate_km")
    if not isinstance(uncertainty, list):
        return ""
    return "; ".join(
        f"{place} (±{km:g} km)"
        for place, km in zip(row["via"], uncertainty, strict=False)
        if km is not None
    )


def fact_list(atlas: Atlas, subject: str) -> None:
    """Show every published fact about a route or a segment, each with its citation."""
    facts = facts_about(atlas.facts, subject)
    if not facts:
        st.caption("No published facts about it are recorded yet.")
        return
    lines = [
        f"- **{FACT_LABELS[fact.kind]}**{md_literal(f' ({fact.part})' if fact.part else '')}: "
        f"{cited(fact, atlas.country_name)}"
        for fact in facts
    ]
    st.markdown("\n".join(lines))
