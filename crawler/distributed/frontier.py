"""The shared frontier in Redis: one queue per host, leases with a visibility timeout, the cycle.

Every step that reads and writes several keys is one Lua script, so workers on any number of
machines never see half a step. Times are Redis' own clock (``TIME``), never a worker's, so two
machines whose clocks disagree still keep an outlet's delay.

Keys (``P`` is the prefix, ``pantau:frontier`` by default; the server is a plain single Redis —
keys are built inside the scripts, which Redis Cluster would refuse):

- ``P:q:<host>`` (list): serialized requests for one host, FIFO;
- ``P:hosts`` (zset): hosts with queued requests, scored by when the host may be fetched next;
- ``P:next`` (hash): host → when it may be fetched next (kept when its queue empties);
- ``P:queued`` (counter): requests in all host queues;
- ``P:inflight`` (zset): lease token → deadline; ``P:lease:data`` / ``P:lease:host`` (hashes):
  what a lease holds. A lease not acked or extended by its deadline goes back to its host queue;
- ``P:seen`` (set): fingerprints of the canonical URLs requested this cycle;
- ``P:cycle`` (hash): when the current cycle started, by whom, its number;
- ``P:stats`` (hash): ``<worker>\\t<counter>`` → value, the workers' reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import redis

# The request meta key of a popped request's lease token.
LEASE_META = "pantau_lease"


def politeness_host(url: str) -> str:
    """The key an outlet's delay is kept under: its host (``www.`` dropped) and a non-default
    port (two sites on one loopback address are two outlets)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}:{parts.port}" if parts.port else host


# Shared prelude of the scripts: now in ms from Redis' clock, the key names.
_PRELUDE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local P = ARGV[1]
local hosts, nexts, queued = P .. ':hosts', P .. ':next', P .. ':queued'
local inflight, ldata, lhost = P .. ':inflight', P .. ':lease:data', P .. ':lease:host'
local function enqueue(host, data, front)
  if front then
    redis.call('RPUSH', P .. ':q:' .. host, data)
  else
    redis.call('LPUSH', P .. ':q:' .. host, data)
  end
  redis.call('INCR', queued)
  local at = tonumber(redis.call('HGET', nexts, host) or '0')
  redis.call('ZADD', hosts, 'NX', math.max(now, at), host)
end
local function give_back(token)
  local host = redis.call('HGET', lhost, token)
  local data = redis.call('HGET', ldata, token)
  redis.call('ZREM', inflight, token)
  redis.call('HDEL', lhost, token)
  redis.call('HDEL', ldata, token)
  if host and data then
    enqueue(host, data, true)
    return 1
  end
  return 0
end
"""

# ARGV: prefix, host, data[, fingerprint]. With a fingerprint the request is queued only when the
# cycle has not seen it, and marked seen in the same step: a worker killed between the two would
# leave a URL seen but never queued, and so never fetched this cycle.
_PUSH = (
    _PRELUDE
    + """
if ARGV[4] and redis.call('SADD', P .. ':seen', ARGV[4]) == 0 then return 0 end
enqueue(ARGV[2], ARGV[3], false)
return 1
"""
)

# ARGV: prefix, delay ms, visibility ms. Returns {token, data} or {0, wait ms} (-1: empty).
# Expired leases (their worker died or stalled) go back to the front of their host queue first.
_POP = (
    _PRELUDE
    + """
local delay, visibility = tonumber(ARGV[2]), tonumber(ARGV[3])
local expired = redis.call('ZRANGEBYSCORE', inflight, '-inf', now, 'LIMIT', 0, 100)
for _, token in ipairs(expired) do
  if give_back(token) == 1 then redis.call('HINCRBY', P .. ':cycle', 'requeued', 1) end
end
for _ = 1, 10 do
  local top = redis.call('ZRANGE', hosts, 0, 0, 'WITHSCORES')
  if #top == 0 then return {0, -1} end
  local host, at = top[1], tonumber(top[2])
  if at > now then return {0, at - now} end
  local data = redis.call('RPOP', P .. ':q:' .. host)
  if data then
    redis.call('DECR', queued)
    local nextat = now + delay
    redis.call('HSET', nexts, host, nextat)
    if redis.call('LLEN', P .. ':q:' .. host) > 0 then
      redis.call('ZADD', hosts, nextat, host)
    else
      redis.call('ZREM', hosts, host)
    end
    local token = tostring(redis.call('INCR', P .. ':seq'))
    redis.call('ZADD', inflight, now + visibility, token)
    redis.call('HSET', ldata, token, data)
    redis.call('HSET', lhost, token, host)
    return {token, data}
  end
  redis.call('ZREM', hosts, host)
end
return {0, 0}
"""
)

# ARGV: prefix, host, delay ms. Reserves the host's next slot for a request that bypasses the
# queue (robots.txt): 0 when reserved, else the ms to wait.
_RESERVE = (
    _PRELUDE
    + """
local host, delay = ARGV[2], tonumber(ARGV[3])
local at = tonumber(redis.call('HGET', nexts, host) or '0')
if at > now then return at - now end
redis.call('HSET', nexts, host, now + delay)
redis.call('ZADD', hosts, 'XX', 'GT', now + delay, host)
return 0
"""
)

# ARGV: prefix, visibility ms, token… Pushes the deadline of leases still held (XX: a lease that
# already went back to the queue stays there).
_EXTEND = (
    _PRELUDE
    + """
local n = 0
for i = 3, #ARGV do
  n = n + redis.call('ZADD', inflight, 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[i])
end
return n
"""
)

# ARGV: prefix, token…
_ACK = (
    _PRELUDE
    + """
local n = 0
for i = 2, #ARGV do
  n = n + redis.call('ZREM', inflight, ARGV[i])
  redis.call('HDEL', ldata, ARGV[i])
  redis.call('HDEL', lhost, ARGV[i])
end
return n
"""
)

# ARGV: prefix, token… Leases given back at once (a worker shutting down cleanly).
_RELEASE = (
    _PRELUDE
    + """
local n = 0
for i = 2, #ARGV do n = n + give_back(ARGV[i]) end
return n
"""
)

# ARGV: prefix, min interval ms, worker, visibility ms. -1: join the running cycle; 0: this
# worker starts a new one and seeds it (its seed lease guards the seeding); > 0: ms until the next
# cycle is due.
_CLAIM = (
    _PRELUDE
    + """
local interval, worker, visibility = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local started = redis.call('HGET', P .. ':cycle', 'started')
local busy = tonumber(redis.call('GET', queued) or '0') > 0 or redis.call('ZCARD', inflight) > 0
if started and busy then return -1 end
local since = started and now - tonumber(started)
if started and since < interval then return interval - since end
redis.call('DEL', P .. ':seen', P .. ':stats')
redis.call('HSET', P .. ':cycle', 'started', now, 'by', worker, 'requeued', 0)
redis.call('HINCRBY', P .. ':cycle', 'number', 1)
redis.call('ZADD', inflight, now + visibility, 'seed:' .. worker)
return 0
"""
)


@dataclass(frozen=True)
class Lease:
    """A request popped from the frontier: ``token`` acks it, ``data`` is the serialized request."""

    token: str
    data: bytes


@dataclass(frozen=True)
class Wait:
    """Nothing to fetch now: ``seconds`` until a host is due, or None when the queue is empty."""

    seconds: float | None


class Frontier:
    """The frontier's operations on one Redis server (``redis://host:port/db``)."""

    def __init__(self, url: str, *, prefix: str = "pantau:frontier") -> None:
        self.url = url
        self.prefix = prefix
        # Short socket timeouts: a worker must notice a dead Redis, not hang its reactor.
        self.redis = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10)
        self._push = self.redis.register_script(_PUSH)
        self._pop = self.redis.register_script(_POP)
        self._reserve = self.redis.register_script(_RESERVE)
        self._extend = self.redis.register_script(_EXTEND)
        self._ack = self.redis.register_script(_ACK)
        self._release = self.redis.register_script(_RELEASE)
        self._claim = self.redis.register_script(_CLAIM)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def close(self) -> None:
        self.redis.close()

    def ping(self) -> None:
        self.redis.ping()

    # -- queue --------------------------------------------------------------------------------

    def push(self, host: str, data: bytes, *, fingerprint: str | None = None) -> bool:
        """Queue a request; with ``fingerprint``, only if the cycle has not seen it (False)."""
        args: list[str | bytes] = [self.prefix, host, data]
        if fingerprint is not None:
            args.append(fingerprint)
        return int(cast("int", self._push(args=args))) == 1

    def pop(self, *, delay: float, visibility: float) -> Lease | Wait:
        """The next request of a host whose delay has passed, leased for ``visibility`` s."""
        token, data = cast("list[Any]", self._pop(args=[self.prefix, _ms(delay), _ms(visibility)]))
        if token != 0:
            return Lease(token.decode() if isinstance(token, bytes) else str(token), data)
        wait = int(data)
        return Wait(None if wait < 0 else wait / 1000)

    def reserve(self, host: str, *, delay: float) -> float:
        """Take ``host``'s next slot now (0.0) or say how many seconds until it is free."""
        wait = int(self._reserve(args=[self.prefix, host, _ms(delay)]))
        return wait / 1000

    def extend(self, tokens: list[str], *, visibility: float) -> int:
        if not tokens:
            return 0
        return int(cast("int", self._extend(args=[self.prefix, _ms(visibility), *tokens])))

    def ack(self, tokens: list[str]) -> int:
        if not tokens:
            return 0
        return int(cast("int", self._ack(args=[self.prefix, *tokens])))

    def release(self, tokens: list[str]) -> int:
        if not tokens:
            return 0
        return int(cast("int", self._release(args=[self.prefix, *tokens])))

    def queued(self) -> int:
        return int(cast("bytes | None", self.redis.get(self.key("queued"))) or 0)

    def in_flight(self) -> int:
        return int(self.redis.zcard(self.key("inflight")))

    def in_flight_tokens(self) -> set[str]:
        tokens = cast("list[bytes]", self.redis.zrange(self.key("inflight"), 0, -1))
        return {t.decode() for t in tokens}

    # -- cycle --------------------------------------------------------------------------------

    def claim_cycle(self, worker: str, *, interval: float, visibility: float) -> float | None:
        """None: join the running cycle; 0.0: seed a new one (its seed lease is
        :func:`seed_token`); else seconds until the next cycle is due."""
        args: list[str | int] = [self.prefix, _ms(interval), worker, _ms(visibility)]
        answer = int(cast("int", self._claim(args=args)))
        return None if answer < 0 else answer / 1000

    def cycle(self) -> dict[str, str]:
        raw = cast("dict[bytes, bytes]", self.redis.hgetall(self.key("cycle")))
        return {k.decode(): v.decode() for k, v in raw.items()}

    # -- stats --------------------------------------------------------------------------------

    def report(self, worker: str, counts: dict[str, int | float | str]) -> None:
        """The worker's current counts into the one stats key (absolute values, not increments:
        a report sent twice counts once)."""
        if counts:
            mapping: dict[bytes | bytearray | memoryview[int] | str | int | float, Any] = {
                f"{worker}\t{name}": value for name, value in counts.items()
            }
            self.redis.hset(self.key("stats"), mapping=mapping)

    def reports(self) -> dict[str, dict[str, str]]:
        """{worker: {counter: value}} from the stats key."""
        raw = cast("dict[bytes, bytes]", self.redis.hgetall(self.key("stats")))
        out: dict[str, dict[str, str]] = {}
        for field, value in raw.items():
            worker, _, name = field.decode().partition("\t")
            out.setdefault(worker, {})[name] = value.decode()
        return out


def seed_token(worker: str) -> str:
    """The lease that marks a cycle's seeding as under way (see ``_CLAIM``)."""
    return f"seed:{worker}"


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))
