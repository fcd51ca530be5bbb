"""Add a new source in one step: store its text, and propose the quotes it could give.

The pipeline, each step a pure function that a test can call on its own:

1. :func:`new_source` checks the text and the metadata and makes the source's ``.json`` record,
   with an id from :func:`slugify` that no other source has.
2. :func:`split_sentences` cuts the text into sentences (offsets into the verbatim text).
3. :func:`segment_terms` lists, per segment, the words that speak of it: the places along it
   (its ``via``, plus aliases from ``gazetteer.json``), its route's names and, as supporting
   evidence only, the countries it crosses.
4. :func:`propose_quotes` finds those words in each sentence (forgiving case, diacritics,
   apostrophes and dashes), scores every (sentence, segment) pair and turns the sentences that
   speak of a segment into ready ``quotes.jsonl`` records.

:func:`plan_ingest` runs all of it against a data directory without writing anything;
:func:`commit_ingest` writes the source and the accepted quotes in one transaction.
:func:`accept_review` and :func:`append_quotes` take quotes from a review file into
``quotes.jsonl`` after checking every one of them.
"""

from components.domain.ingest.gazetteer import (
    Gazetteer,
    Term,
    load_gazetteer,
    place_names,
    search_form,
    segment_terms,
)
from components.domain.ingest.matching import Mention, Proposal, find_mentions, propose_quotes
from components.domain.ingest.plan import (
    IngestPlan,
    commit_ingest,
    default_review_path,
    plan_ingest,
)
from components.domain.ingest.review import accept_review, append_quotes, quote_record_problems
from components.domain.ingest.sources import (
    METADATA_FIELDS,
    existing_sources,
    new_source,
    taken_quote_ids,
)
from components.domain.ingest.text import slugify, split_sentences, unique_id

__all__ = [
    "METADATA_FIELDS",
    "Gazetteer",
    "IngestPlan",
    "Mention",
    "Proposal",
    "Term",
    "accept_review",
    "append_quotes",
    "commit_ingest",
    "default_review_path",
    "existing_sources",
    "find_mentions",
    "load_gazetteer",
    "new_source",
    "place_names",
    "plan_ingest",
    "propose_quotes",
    "quote_record_problems",
    "search_form",
    "segment_terms",
    "slugify",
    "split_sentences",
    "taken_quote_ids",
    "unique_id",
]
