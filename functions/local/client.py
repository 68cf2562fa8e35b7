"""A small JSON client for the API (what an e-office system or a script would use)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"HTTP {status}: {body}")
        self.status, self.body = status, body


class Client:
    def __init__(self, base_url: str, key: str | None = None, timeout: float = 30) -> None:
        self.base_url, self.key, self.timeout = base_url.rstrip("/"), key, timeout

    def as_(self, key: str) -> Client:
        return Client(self.base_url, key, self.timeout)

    def patient(self, timeout: float) -> Client:
        """The same client, waiting up to ``timeout`` seconds for an answer."""
        return Client(self.base_url, self.key, timeout)

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(self.base_url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            raise ApiError(error.code, json.loads(raw) if raw else None) from None
        return json.loads(raw) if raw else None

    def raw(
        self, method: str, path: str, data: bytes | None = None, content_type: str | None = None
    ) -> tuple[bytes, str]:
        """A request with a raw body (a file upload) or a raw answer (a download): the answer's
        bytes and content type; errors as ``ApiError`` with the JSON error body."""
        headers = {"Content-Type": content_type} if content_type else {}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(self.base_url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
            raise ApiError(error.code, body) from None

    def download(self, path: str) -> tuple[bytes, str, str | None]:
        """A file: its bytes, content type and the file name the server suggests (from
        ``Content-Disposition``, if any); errors as ``ApiError``."""
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        request = urllib.request.Request(self.base_url + path, None, headers, method="GET")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                name = response.headers.get_filename()
                return response.read(), response.headers.get_content_type(), name
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
            raise ApiError(error.code, body) from None

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("POST", path, {} if body is None else body)

    def put(self, path: str, body: Any) -> Any:
        return self.request("PUT", path, body)

    def answers(self) -> bool:
        try:
            return self.get("/health")["status"] == "ok"
        except (OSError, ApiError, ValueError):
            return False
