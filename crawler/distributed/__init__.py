"""Distributed crawling: any number of ``pantau crawl --worker`` processes share one frontier in
Redis (``crawl.frontier = "redis://…"``), built on scrapy-redis' scheduler (docs/scale-out.md).

- :mod:`.frontier`: the Redis data and its atomic scripts (queue per host with the host's next
  allowed time, leases with a visibility timeout, the cycle, the stats key); no Scrapy.
- :mod:`.scheduler`: scrapy-redis' scheduler with our queue and our seen-URL filter.
- :mod:`.worker`: the worker's extension (heartbeat, acks, idle), its start gate and the
  politeness gate for requests that bypass the scheduler (robots.txt).
- :mod:`.status`: what ``pantau crawl status`` prints.
"""
