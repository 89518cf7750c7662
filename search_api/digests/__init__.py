"""Saved searches and daily e-mail digests for a humas office (docs/digests.md).

* :mod:`~search_api.digests.db` — the office database (``office.db`` in ``PANTAU_HOME``,
  ``schema.sql``), separate from the article store.
* :mod:`~search_api.digests.validation`, :mod:`~search_api.digests.searches` — saved searches
  and subscriptions, validated when saved.
* :mod:`~search_api.digests.build` — one saved search over one day of the article store (through
  the Store protocol), :mod:`~search_api.digests.render` — subject, text and HTML bodies.
* :mod:`~search_api.digests.mail` — the message and ``smtplib``,
  :mod:`~search_api.digests.sendlog` — at most once per (search, recipient, day), failures
  retried, :mod:`~search_api.digests.run` — one run of everything due,
  :mod:`~search_api.digests.preview` — the same without sending.
"""
