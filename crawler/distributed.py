"""Distributed crawling: several crawl processes share one request queue and one dupe filter in Redis.

Off unless the ``redis_url`` setting is given. Then ``crawler.settings`` swaps Scrapy's scheduler for
``SharedScheduler`` (built on scrapy-redis), and every process started with the same archive and the
same sources joins one *crawl run*:

* requests go to a shared FIFO list and any process may pop them;
* a request is claimed in the shared fingerprint set (scrapy-redis ``RFPDupeFilter``) before it is
  queued, *whatever its* ``dont_filter`` *flag*: our spider marks every request ``dont_filter`` (its own
  seen-URL rules decide what to fetch), which scrapy-redis would let through, so two processes seeding the
  same feeds would fetch everything twice. Only continuations of a claimed request (retries, redirect
  hops) skip the claim; they belong to the process that made the first attempt;
* a process ends when the shared queue is empty and no live process is busy (a busy process may still
  queue links). Each process heart-beats; one silent for ``stale`` seconds counts as gone;
* the first process to join an empty run clears what an earlier run left behind (queue, fingerprints),
  the last one to leave removes the run's keys, so the next crawl starts fresh and the archive's own
  crawl state (ETag, Last-Modified, seen URLs) decides what is fetched again.

Keys live under ``outages:<hash>`` where the hash names the archive (database URL) and the crawl (its
sources and ``--since``), so two archives or two different crawls never share a queue.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request
from scrapy_redis.scheduler import Scheduler

from crawler.sources import Source

log = logging.getLogger(__name__)

KEY_PREFIX = "outages"
POLL_SECONDS = 0.25  # how often an idle process looks for work others queued
HEARTBEAT_SECONDS = 2.0
MIN_STALE_SECONDS = 60.0


class DistributedError(RuntimeError):
    """Redis cannot be used for a distributed crawl (the message says why)."""


# -- keys ------------------------------------------------------------------------------------------
def archive_id(db_url: str) -> str:
    """A stable name for one archive: its database URL without password, hashed."""
    from sqlalchemy.engine import make_url

    from archive.store import normalise_url

    try:
        text = make_url(normalise_url(db_url)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an odd URL still names its archive
        text = db_url
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def crawl_key(db_url: str, sources: Sequence[Source], since: datetime | None = None) -> str:
    """The Redis key prefix of one crawl of one archive: ``outages:<archive>:<crawl>``."""
    crawl = "|".join(sorted(f"{s.name}={s.kind}:{s.url}" for s in sources))
    crawl += f"|since={since.isoformat() if since else ''}"
    return f"{KEY_PREFIX}:{archive_id(db_url)}:{hashlib.sha1(crawl.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class RunKeys:
    queue: str
    dupefilter: str
    workers: str  # hash: worker id -> last heartbeat (Redis server time, seconds)
    busy: str  # hash: worker id -> "1" from popping a request until it is next idle

    @classmethod
    def for_prefix(cls, prefix: str) -> RunKeys:
        return cls(f"{prefix}:requests", f"{prefix}:dupefilter", f"{prefix}:workers", f"{prefix}:busy")

    def all(self) -> list[str]:
        return [self.queue, self.dupefilter, self.workers, self.busy]


# -- the run's bookkeeping (Lua, so each step is atomic across processes) -------------------------
_PRUNE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local stale = tonumber(ARGV[2])
local seen = redis.call('HGETALL', KEYS[1])
for i = 1, #seen, 2 do
  if now - tonumber(seen[i + 1]) > stale then
    redis.call('HDEL', KEYS[1], seen[i])
    redis.call('HDEL', KEYS[2], seen[i])
  end
end
"""

# KEYS: workers, busy, queue, dupefilter; ARGV: me, stale -> 1 when this process starts a new run
_JOIN = _PRUNE + """
local fresh = 0
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  fresh = 1
end
redis.call('HSET', KEYS[1], ARGV[1], tostring(now))
redis.call('HSET', KEYS[2], ARGV[1], '1')
return fresh
"""

# KEYS: workers, busy; ARGV: me
_BEAT = """
local t = redis.call('TIME')
redis.call('HSET', KEYS[1], ARGV[1], tostring(tonumber(t[1]) + tonumber(t[2]) / 1000000))
return 1
"""

# KEYS: queue, busy; ARGV: me -> the request popped (nil when the queue is empty)
_POP = """
local data = redis.call('RPOP', KEYS[1])
if data then redis.call('HSET', KEYS[2], ARGV[1], '1') end
return data
"""

# KEYS: workers, busy, queue; ARGV: me, stale -> {finished, live processes, busy processes, queued}
_IDLE = _PRUNE + """
redis.call('HSET', KEYS[1], ARGV[1], tostring(now))
redis.call('HSET', KEYS[2], ARGV[1], '0')
local busy = 0
local flags = redis.call('HGETALL', KEYS[2])
for i = 1, #flags, 2 do
  if flags[i + 1] == '1' then busy = busy + 1 end
end
local queued = redis.call('LLEN', KEYS[3])
local finished = 0
if busy == 0 and queued == 0 then finished = 1 end
return {finished, redis.call('HLEN', KEYS[1]), busy, queued}
"""

# KEYS: workers, busy, queue, dupefilter; ARGV: me, stale -> processes still in the run
_LEAVE = _PRUNE + """
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
local left = redis.call('HLEN', KEYS[1])
if left == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4]) end
return left
"""


@dataclass(frozen=True)
class IdleState:
    finished: bool
    processes: int
    busy: int
    queued: int


class SharedRun:
    """One process's membership of a crawl run kept in Redis (the queue itself is scrapy-redis's)."""

    def __init__(self, server: Any, keys: RunKeys, worker: str | None = None,
                 stale_seconds: float = MIN_STALE_SECONDS):
        self.server = server
        self.keys = keys
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.stale = float(stale_seconds)
        self._join = server.register_script(_JOIN)
        self._beat = server.register_script(_BEAT)
        self._pop = server.register_script(_POP)
        self._idle = server.register_script(_IDLE)
        self._leave = server.register_script(_LEAVE)

    def join(self) -> bool:
        """Register this process (busy); return True when it starts a new run (old keys cleared)."""
        k = self.keys
        return bool(self._join(keys=[k.workers, k.busy, k.queue, k.dupefilter], args=[self.worker, self.stale]))

    def beat(self) -> None:
        self._beat(keys=[self.keys.workers, self.keys.busy], args=[self.worker])

    def pop(self) -> bytes | None:
        """Take the oldest queued request and mark this process busy, in one step."""
        data = self._pop(keys=[self.keys.queue, self.keys.busy], args=[self.worker])
        return bytes(data) if data else None

    def idle(self) -> IdleState:
        """This process has nothing in flight: is the whole run finished?"""
        k = self.keys
        finished, processes, busy, queued = self._idle(keys=[k.workers, k.busy, k.queue],
                                                       args=[self.worker, self.stale])
        return IdleState(bool(finished), int(processes), int(busy), int(queued))

    def leave(self) -> int:
        """Deregister; the last process out deletes the run's keys. Return the processes still in."""
        k = self.keys
        return int(self._leave(keys=[k.workers, k.busy, k.queue, k.dupefilter], args=[self.worker, self.stale]))


# -- the Scrapy scheduler --------------------------------------------------------------------------
def is_continuation(request: Request) -> bool:
    """A retry or a redirect hop of a request already claimed (by the process now making it)."""
    return "retry_times" in request.meta or "redirect_times" in request.meta


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, with a claim for every first attempt and a run-wide close condition."""

    crawler: Crawler
    run: SharedRun
    poll_seconds: float
    redis_lost: bool = False
    _heartbeat: Any

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        instance: SharedScheduler = super().from_crawler(crawler)
        settings = crawler.settings
        instance.crawler = crawler
        keys = RunKeys.for_prefix(settings["OUTAGES_REDIS_KEY"])
        if (keys.queue, keys.dupefilter) != (settings["SCHEDULER_QUEUE_KEY"], settings["SCHEDULER_DUPEFILTER_KEY"]):
            raise DistributedError("SCHEDULER_QUEUE_KEY / SCHEDULER_DUPEFILTER_KEY must sit under OUTAGES_REDIS_KEY")
        instance.run = SharedRun(instance.server, keys,
                                 stale_seconds=settings.getfloat("OUTAGES_REDIS_STALE_SECONDS", MIN_STALE_SECONDS))
        instance.poll_seconds = settings.getfloat("OUTAGES_REDIS_POLL_SECONDS", POLL_SECONDS)
        instance._heartbeat = None
        crawler.signals.connect(instance.spider_idle, signal=signals.spider_idle)
        return instance

    def open(self, spider: Any) -> None:
        fresh = self.run.join()
        log.info("%s shared crawl run %s as %s", "started" if fresh else "joined",
                 self.run.keys.queue.rsplit(":", 1)[0], self.run.worker)
        super().open(spider)
        from twisted.internet.task import LoopingCall

        self._heartbeat = LoopingCall(self._beat)
        self._heartbeat.start(HEARTBEAT_SECONDS, now=False)

    def _beat(self) -> None:
        try:
            self.run.beat()
        except RedisError as exc:  # a missed heartbeat is retried on the next tick
            self._lost(exc)

    def close(self, reason: str) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        try:
            left = self.run.leave()
        except RedisError as exc:  # peers drop a silent process after the stale timeout
            log.warning("could not leave the shared crawl run: %s", exc)
            return
        log.info("left shared crawl run (%d process(es) still in it)", left)

    def __len__(self) -> int:
        try:
            return int(super().__len__())
        except RedisError:
            return 0

    def has_pending_requests(self) -> bool:
        return len(self) > 0

    def enqueue_request(self, request: Request) -> bool:
        try:
            if not is_continuation(request) and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except RedisError as exc:
            self._lost(exc, request)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        try:
            data = self.run.pop()
        except RedisError as exc:
            self._lost(exc)
            return None
        if data is None:
            return None
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        request: Request = self.queue._decode_request(data)
        return request

    def _lost(self, exc: Exception, request: Request | None = None) -> None:
        """Redis went away: requests not yet queued are dropped (counted as failed), the process finishes
        what it holds and ends; the next crawl fetches whatever was missed (no crawl state recorded)."""
        first = not self.redis_lost
        self.redis_lost = True
        summary = getattr(getattr(self, "spider", None), "summary", None)
        if summary is not None and (request is not None or first):
            summary.failed["redis unavailable"] += 1
        if request is not None:
            log.warning("not queued (redis unavailable): %s", request.url)
        elif first:
            log.warning("redis unavailable: %s", exc)

    def spider_idle(self) -> None:
        """Keep this process open while the run may still queue work; poll for it meanwhile."""
        try:
            state = self.run.idle()
        except RedisError as exc:
            self._lost(exc)
            log.warning("ending this crawl process: its shared run is out of reach")
            return
        if state.finished:
            return
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        if slot is not None:  # ask the engine to look at the queue again soon (its own heartbeat is 5 s)
            slot.nextcall.schedule(self.poll_seconds)
        raise DontCloseSpider(f"shared run: {state.busy} busy process(es), {state.queued} queued")


def distributed_settings(redis_url: str, key: str, download_timeout: float) -> dict[str, Any]:
    """Scrapy settings that turn a crawl into one process of the shared run named ``key``."""
    return {
        "SCHEDULER": "crawler.distributed.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue",
        "SCHEDULER_QUEUE_KEY": RunKeys.for_prefix(key).queue,
        "SCHEDULER_DUPEFILTER_KEY": RunKeys.for_prefix(key).dupefilter,
        # a finishing process must not clear keys its peers still use: the run bookkeeping decides
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "REDIS_URL": redis_url,
        "REDIS_PARAMS": {"socket_connect_timeout": 10, "socket_timeout": 30},
        "OUTAGES_REDIS_KEY": key,
        "OUTAGES_REDIS_POLL_SECONDS": POLL_SECONDS,
        "OUTAGES_REDIS_STALE_SECONDS": max(MIN_STALE_SECONDS, 2 * float(download_timeout)),
    }


# -- used by ``outages crawl`` before the crawl starts -------------------------------------------------
def redacted(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages)."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return parts._replace(netloc=f"{parts.username or ''}:***@{host}").geturl()


def connect(redis_url: str) -> Any:
    """A Redis client for ``redis_url``, checked with PING; ``DistributedError`` when unusable."""
    import redis

    try:
        server = redis.Redis.from_url(redis_url, socket_connect_timeout=10, socket_timeout=30)
        server.ping()
    except (ValueError, RedisError) as exc:
        raise DistributedError(f"cannot use Redis at {redacted(redis_url)}: {exc}") from exc
    return server


@contextmanager
def archive_lock(server: Any, db_url: str, timeout: float = 300.0) -> Iterator[None]:
    """Hold a Redis lock named for the archive: processes opening (and migrating) one database at the
    same moment take turns, so a fresh PostgreSQL schema is created once."""
    lock = server.lock(f"{KEY_PREFIX}:{archive_id(db_url)}:open-lock", timeout=timeout,
                       blocking_timeout=timeout)
    try:
        acquired = lock.acquire()
    except RedisError as exc:
        raise DistributedError(f"Redis lock failed: {exc}") from exc
    if not acquired:
        raise DistributedError(f"another crawl process held the archive lock for over {timeout:.0f}s")
    try:
        yield
    finally:
        try:
            lock.release()
        except RedisError:  # expired meanwhile: nothing left to release
            pass
