"""Webhook acknowledgement: deliveries per second and p50/p99 latency of ``POST /webhooks/...``
(check, verify, conditional put, hand-off to the worker pool), side by side with the no-op
``GET /health`` on the same local server in the same run, interleaved request by request.

Sequential: one client, each request on a fresh connection, webhook and health alternating
(the worker pool applies the earlier deliveries meanwhile); then 50 deliveries each sent with the
pool idle, for the acknowledgement alone.
Burst: eight client threads send a bounded burst of each, one after the other, and the
deliveries are then drained (applied by the worker pool) to give applied deliveries per second.
Every request goes to 127.0.0.1 only; counts are bounded.

    python -m bench.webhooks [--requests 300] [--burst 400]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import urlparse

from standardwebhooks.webhooks import Webhook

MAPPING = {
    "events": {
        "form.feedback": {
            "action": "feedback",
            "fields": {"nip": "data.nip", "text": "data.isi", "date": "data.tanggal"},
        }
    }
}


class Sender:
    """Signs with the ``standardwebhooks`` library, as an integrator would (see
    docs/send_webhook.py), and times each request."""

    def __init__(self, url: str, tenant_id: str, secret: str, nips: list[str]) -> None:
        parsed = urlparse(url)
        self.host, self.port = parsed.hostname, parsed.port
        self.path = f"/webhooks/{tenant_id}/eoffice"
        self.signer = Webhook(secret)
        self.nips = nips

    def _request(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        started = time.perf_counter()
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        connection.close()
        return response.status, elapsed

    def health(self) -> tuple[int, float]:
        return self._request("GET", "/health", None, {})

    def delivery(self, n: int) -> tuple[int, float]:
        event = {"type": "form.feedback",
                 "data": {"nip": self.nips[n % len(self.nips)], "isi": f"Umpan balik {n}",
                          "tanggal": "2026-01-02"}}  # fmt: skip
        body = json.dumps(event)
        msg_id = f"bench_{uuid.uuid4().hex}"
        now = datetime.now(UTC)
        headers = {
            "Content-Type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self.signer.sign(msg_id, now, body),
        }
        return self._request("POST", self.path, body.encode(), headers)


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2),
        "per_s": round(len(ordered) / sum(ordered), 1),
    }


def main(requests: int = 300, burst: int = 400, threads: int = 8) -> dict:
    from functions.local import runtime
    from functions.local import workers as dispatch
    from functions.local.client import Client

    stack = runtime.start()
    try:
        sample = stack.sample
        Client(stack.url, sample.admin_key).put("/webhooks/sources/eoffice/mapping", MAPPING)
        sender = Sender(stack.url, sample.tenant_id, sample.webhook_secret, sorted(sample.people))
        for n in range(20):  # warm both routes
            sender.health(), sender.delivery(-n - 1)
        dispatch.drain(60)

        webhook, health = [], []
        for n in range(requests):  # interleaved: the same conditions for both routes
            status, seconds = sender.delivery(n)
            assert status == 202, status
            webhook.append(seconds)
            status, seconds = sender.health()
            assert status == 200, status
            health.append(seconds)
        dispatch.drain(120)

        def timed_burst(call) -> float:
            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                statuses = list(pool.map(lambda n: call(n)[0], range(burst)))
            assert set(statuses) <= {200, 202}, set(statuses)
            return time.perf_counter() - started

        idle = []  # the acknowledgement alone: the worker pool drained before each delivery
        for n in range(min(requests, 50)):
            dispatch.drain(60)
            idle.append(sender.delivery(requests + burst + n)[1])
        dispatch.drain(60)

        health_s = timed_burst(lambda n: sender.health())
        started = time.perf_counter()
        webhook_s = timed_burst(lambda n: sender.delivery(requests + n))
        dispatch.drain(300)
        applied_s = time.perf_counter() - started
    finally:
        stack.stop()
    figures = {
        "sequential": {"webhook": _percentiles(webhook), "health": _percentiles(health)},
        "webhook_workers_idle": _percentiles(idle),
        "burst": {
            "requests": burst,
            "threads": threads,
            "webhook_acks_per_s": round(burst / webhook_s, 1),
            "health_per_s": round(burst / health_s, 1),
            "applied_per_s": round(burst / applied_s, 1),
        },
    }
    seq = figures["sequential"]
    figures["ratio_p50"] = round(seq["webhook"]["p50_ms"] / seq["health"]["p50_ms"], 2)
    figures["ratio_burst"] = round(
        figures["burst"]["health_per_s"] / figures["burst"]["webhook_acks_per_s"], 2
    )
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--burst", type=int, default=400)
    args = parser.parse_args()
    print(json.dumps(main(args.requests, args.burst), indent=2))
