"""Staff corrections of tone: the article's own tone, or the tone towards one agency.

A correction is a row in the office database (``ledger.py``: who, when, why, the original and
the corrected label, and the article's title and text as a labelled example) and a change to the
article in the store (``apply.py``), so every count — search facets, the overview, digests,
alerts, exports — uses the corrected tone. The newest correction per (article, agency) is the one
in force. When an article is written again (a re-crawl, a re-tag), the crawler's store pipeline
puts the corrections back before writing (:func:`search_api.corrections.apply.reapply`), so a
correction outlives the tagger's next opinion. ``export.py`` gives the rows as JSON lines for
training the tone model.
"""
