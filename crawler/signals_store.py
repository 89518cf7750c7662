"""Signals of ours between the store pipeline and whoever needs its items safe.

``store_flushed`` is sent when ``StorePipeline`` has written (or spooled) a batch, so every item it
had taken is on disk or in the store; ``store_flush_wanted`` asks it to write its batch now rather
than when it is full. The distributed worker uses both (``crawler.distributed.worker``): it acks
its leases once their items are safe, and when it has nothing else to do it asks for the write.
"""

from __future__ import annotations

store_flushed = object()
store_flush_wanted = object()
