"""Prometheus metrics, one registry per app (so several apps in one test process do not collide)."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Histogram("caredraft_http_request_duration_seconds", "HTTP request latency by route template.",
                                  ["method", "route", "status"], registry=self.registry, buckets=LATENCY_BUCKETS)
        self.drafts = Counter("caredraft_drafts_total", "Drafts created, by backend.", ["backend"], registry=self.registry)
        self.flags = Counter("caredraft_draft_flags_total", "Flags raised on drafts, by type.", ["type"],
                             registry=self.registry)
        self.reindex = Histogram("caredraft_reindex_duration_seconds", "Reindex job durations.", ["status"],
                                 registry=self.registry, buckets=(1, 5, 15, 30, 60, 120, 300, 900, 3600))
        self.reviews = Counter("caredraft_reviews_total", "Draft reviews, by action.", ["action"], registry=self.registry)

    def record_draft(self, backend: str, flag_types: list[str]) -> None:
        self.drafts.labels(backend=backend).inc()
        for t in flag_types:
            self.flags.labels(type=t).inc()


class MetricsMiddleware:
    """Pure ASGI middleware (streams pass through untouched) timing each request by its route template."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def _send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(method=scope["method"], route=template, status=str(status[0])).observe(
                time.perf_counter() - start)
