"""Add a new source in one step: store its text, and propose the quotes it could give.

The pipeline, each step a pure function that a test can call on its own:

1. :func:`new_source` checks the text and the metadata and makes the source's ``.json`` record,
   with an id from :func:`slugify` that no other source has.
2. :func:`split_sentences` cuts the text into sentences (offsets into the verbatim text).
3. :func:`segment_terms` lists, per segment, the words that speak of it: the places along it
   (its ``via``, plus aliases from ``gazetteer.json``), the names of its line, its route's
   names and, as supporting evidence only, the countries it crosses.
4. :func:`propose_quotes` finds those words in each sentence (:func:`find_mentions`, forgiving
   case, diacritics, apostrophes and dashes), scores every (sentence, segment) pair and turns
   the sentences that speak of a segment into ready ``quotes.jsonl`` records, each with the
   support level of its links (:mod:`components.core.support`).

:func:`plan_ingest` runs all of it against a data directory without writing anything;
:func:`commit_ingest` writes the source and the accepted quotes in one transaction.
:func:`accept_review` and :func:`append_quotes` take quotes from a review file into
``quotes.jsonl`` after checking every one of them. Both writers check again and write while
holding the data directory's writers' lock (:func:`components.storage.writes.write_lock`), so
sessions and processes saving at once never lose each other's work.

The text comes from outside: every step takes time linear in it (a slow step would hold the
interpreter, and with it every session of the app), and the metadata and the text follow the
character policy of :mod:`components.core.characters` (labels and prose).

Import each name from its module: this package imports nothing itself, so that the pure modules
(``gazetteer``, ``mentions``, ``text``) can be imported by :mod:`components.storage.loading`
(through :mod:`components.core.support`) without importing loading back.
"""
