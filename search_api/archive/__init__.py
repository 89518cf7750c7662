"""The crawl-time archive: raw HTTP responses in WARC files and a ledger of captures.

``warc.py`` writes and reads the WARC files (``PANTAU_HOME/warc/*.warc.gz``, rotated by size);
``ledger.py`` is the SQLite index of captures (``PANTAU_HOME/warc/captures.db``): per article its
first capture (the evidence) and later ones, and the flags a re-check set (``changed``, ``gone``).
The article store's schema is untouched: an article's archive is looked up here by its id.
``archive.py`` joins the two for the crawler, the CLI and the API.
"""
