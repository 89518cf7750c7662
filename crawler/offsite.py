"""Content that really belongs to its outlet: a request for an outlet goes only to that outlet's
site, or to a feed, sitemap or listing address its entry in ``sources.yaml`` names.

A redirect or a sitemap entry pointing elsewhere — another host, an address on the office's
intranet — was followed and the page stored under the outlet. This downloader middleware sees
every request, redirected ones included (Scrapy schedules a redirect as a new request with the
same ``cb_kwargs``), and decides in this order:

1. a host (with its port) that the outlet's entry names passes, whatever it resolves to: the
   sample site and a test outlet live on loopback, and naming a host is the office's consent;
2. another host of the outlet's own site (``m.``, ``amp.``, ``www.`` of the same registrable
   domain, Public Suffix List aware: ``crawler.extract.hosts``) passes only when its name resolves
   to a public address. ``intranet.kabarmasa.com`` resolving to 10.x is refused, so is a name
   that resolves to loopback or link-local (169.254.x, the cloud metadata address);
3. anything else is refused.

A refusal is ``IgnoreRequest``, counted as ``pantau/offsite/refused`` (or
``pantau/offsite/private_address``) and logged with the target. The name is resolved with
Scrapy's own resolver (``TWISTED_DNS_RESOLVER``, cached): the address checked is the one the
download then connects to, not a second look-up that DNS could answer differently.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_to_future

from crawler.extract.hosts import registrable_domain
from crawler.sources import Source
from crawler.stats import PantauStats

logger = logging.getLogger(__name__)

Resolve = Callable[[str], Awaitable[str]]


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def listed_hosts(source: Source) -> frozenset[str]:
    """The outlet's own host and the hosts of the addresses its entry names."""
    urls = [source.url, *source.feed_urls(), *source.sitemap_urls(), *source.listing_urls()]
    return frozenset(_host(url) for url in urls)


def is_private(address: str) -> bool:
    """Whether ``address`` (an IP literal) is no public Internet address: private, loopback,
    link-local, shared (100.64/10), reserved, multicast or unspecified."""
    ip = ipaddress.ip_address(address)
    return not ip.is_global or ip.is_multicast


async def scrapy_resolve(name: str) -> str:
    """``name``'s address from the resolver Scrapy installed on the reactor (and caches)."""
    from twisted.internet import reactor  # the running reactor, installed by Scrapy

    address: str = await deferred_to_future(reactor.resolve(name))  # type: ignore[arg-type]  # Twisted mistypes name
    return address


class OutletHosts:
    def __init__(self, crawler: Crawler, resolve: Resolve = scrapy_resolve) -> None:
        self.stats = PantauStats(crawler)
        self.resolve = resolve
        self._hosts: dict[str, frozenset[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutletHosts:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        source = request.cb_kwargs.get("source")
        if not isinstance(source, Source):
            return  # robots.txt and other requests that are no outlet's
        hosts = self._hosts.get(source.id)
        if hosts is None:
            hosts = self._hosts[source.id] = listed_hosts(source)
        if _host(request.url) in hosts:
            return
        name = (urlsplit(request.url).hostname or "").lower()
        home = (urlsplit(source.url).hostname or "").lower()
        if not name or registrable_domain(name) != registrable_domain(home):
            self._refuse("offsite/refused", source, request, "is not on the outlet's site")
        await self._check_address(name, source, request)

    async def _check_address(self, name: str, source: Source, request: Request) -> None:
        try:
            address = await self.resolve(name)
        except Exception as exc:  # noqa: BLE001  # not swallowed: logged, and the fetch fails too
            # No address, no connection: the download fails with the same DNS error and is
            # counted among the outlet's fetch failures, where a broken name belongs.
            logger.info("%s: could not resolve %s (%s)", source.id, name, exc)
            return
        if is_private(address):
            self._refuse(
                "offsite/private_address",
                source,
                request,
                f"resolves to the private address {address}",
            )

    def _refuse(self, stat: str, source: Source, request: Request, why: str) -> None:
        self.stats.inc(stat)
        logger.warning("%s: %s %s; not fetched", source.id, request.url, why)
        raise IgnoreRequest(f"{request.url} {why} (outlet {source.id})")
