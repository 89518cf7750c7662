"""Instant alerts of saved searches: minutes after the crawl that finds a match (docs/alerts.md).

The daily digest tells an office the next morning; an alert tells it now. A subscription of a saved
search may carry one *alert rule* (:mod:`~search_api.alerts.rules`): every match, only articles
negative towards the saved search's agency, or a spike of N matches within an hour; delivered by
e-mail (the digests' SMTP mailer) and/or a signed JSON webhook (:mod:`~search_api.alerts.webhook`),
so an office can feed its own WhatsApp or Telegram gateway.

* :mod:`~search_api.alerts.match` — the saved search run through ``build_request`` over the window
  since the last check, the articles that are new for a rule, spikes.
* :mod:`~search_api.alerts.outbox` — the alert sent-log (an article alerts once per
  subscription), the outbox of deliveries (held in quiet hours, retried with backoff, never
  dropped) and the record of every attempt; :mod:`~search_api.alerts.quiet` — quiet hours.
* :mod:`~search_api.alerts.render` — subject, text and the webhook's JSON body,
  :mod:`~search_api.alerts.run` — one run: match every rule, deliver what is due.

Alerts run after each crawl (``pantau crawl``) and from the scheduler; never inside the API
process, which only edits rules. Nothing here imports a web framework.
"""
