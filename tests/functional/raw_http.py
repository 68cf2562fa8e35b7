"""Requests with headers the JSON Client does not send or keep (If-Match, ETag, JSON lines)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self):
        return json.loads(self.raw) if self.raw else None

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.raw.decode().splitlines() if line.strip()]


def call(base: str, method: str, path: str, key: str | None = None, body=None, **headers):
    """Any request; an HTTP error is an answer too (status, headers, body)."""
    data = None if body is None else json.dumps(body).encode()
    sent = {k.replace("_", "-"): v for k, v in headers.items()}
    if data is not None:
        sent["Content-Type"] = "application/json"
    if key:
        sent["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(base + path, data, sent, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())
