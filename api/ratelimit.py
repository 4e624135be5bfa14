"""Token-bucket rate limits per key, kept where every worker sees them.

``RateLimiter.take(key)`` says whether a request may go ahead. The buckets live in a ``BucketStore``: in
memory for one process (tests, scripts), or in the database (``DatabaseBuckets``) so that every worker of
``caredraft serve --workers N`` and every replica on the same database draws from the same bucket. A
limiter has a ``scope`` so that several limiters (requests per key, failed authentications per client)
share one table without sharing buckets.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Protocol

from sqlalchemy import delete, text
from sqlalchemy.engine import Engine

from api.db import RateBucket


class BucketStore(Protocol):
    def take(self, key: str, *, rate: float, capacity: float, now: float) -> float:
        """Take one token from ``key``'s bucket: 0 when granted, else the seconds until one is available."""
        ...


class MemoryBuckets:
    """Buckets in this process only."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill)
        self._lock = threading.Lock()

    def take(self, key: str, *, rate: float, capacity: float, now: float) -> float:
        with self._lock:
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + max(0.0, now - last) * rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / rate


# One statement, atomic on SQLite and PostgreSQL alike: refill by the time elapsed, then take a token if there
# is one. Concurrent takes on the same key serialise on the row, so N workers never grant more than the bucket.
_REFILL = ("CASE WHEN :now > rate_buckets.updated_at THEN "
           "rate_buckets.tokens + (:now - rate_buckets.updated_at) * :rate ELSE rate_buckets.tokens END")
_CAPPED = f"(CASE WHEN {_REFILL} > :cap THEN :cap ELSE {_REFILL} END)"
_TAKE = text(f"""
INSERT INTO rate_buckets (key, tokens, updated_at, allowed) VALUES (:key, :cap - 1, :now, TRUE)
ON CONFLICT (key) DO UPDATE SET
  tokens = CASE WHEN {_CAPPED} >= 1 THEN {_CAPPED} - 1 ELSE {_CAPPED} END,
  allowed = {_CAPPED} >= 1,
  updated_at = CASE WHEN :now > rate_buckets.updated_at THEN :now ELSE rate_buckets.updated_at END
RETURNING tokens, allowed
""")


class DatabaseBuckets:
    """Buckets in the ``rate_buckets`` table of the API's database, shared by all workers.

    Time is the wall clock (``time.time``) of the worker taking the token; replicas on several machines need
    their clocks in sync (NTP), as any lease does. A bucket whose clock ran backwards is not refilled.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def take(self, key: str, *, rate: float, capacity: float, now: float) -> float:
        with self.engine.begin() as conn:
            tokens, allowed = conn.execute(_TAKE, {"key": key, "cap": float(capacity), "now": float(now),
                                                   "rate": float(rate)}).one()
        return 0.0 if allowed else (1 - float(tokens)) / rate

    def prune(self, older_than: float) -> int:
        """Forget buckets untouched since ``older_than`` (epoch s): a full bucket needs no row."""
        with self.engine.begin() as conn:
            return conn.execute(delete(RateBucket).where(RateBucket.updated_at < older_than)).rowcount or 0


class RateLimiter:
    def __init__(self, per_minute: int, *, burst: int | None = None, store: BucketStore | None = None,
                 scope: str = "requests") -> None:
        self.rate = per_minute / 60.0  # tokens per second
        self.capacity = float(burst if burst is not None else per_minute)
        self.store: BucketStore = store if store is not None else MemoryBuckets()
        self.scope = scope

    @property
    def refill_s(self) -> float:
        """Seconds an empty bucket takes to fill up again."""
        return self.capacity / self.rate

    def take(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds to wait before retrying."""
        return self.store.take(f"{self.scope}:{key}", rate=self.rate, capacity=self.capacity, now=time.time())


def retry_after_header(wait_s: float) -> str:
    return str(max(1, math.ceil(wait_s)))
