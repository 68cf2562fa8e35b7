"""Idempotency-Key on the calls that create something (a tenant, an API key, a webhook secret, an
outbound subscription): a retry with the same key and request answers the first answer again,
status and body, and creates nothing more; the same key with another request is refused (422).

Those answers hold secrets shown once (a new API key, a ``whsec_`` secret), so nothing of an
answer is stored in the clear (docs/tenancy.md, "Retrying onboarding"): the answer is sealed with
a key derived from the caller's own API key, which kinerja stores only as a hash. A retry, which
presents that API key again, can open it; the table alone, a backup or an export cannot. The
request is likewise remembered only as a keyed digest. Records live per API key
(:func:`scope_of`) for 24 hours (functions/store/idempotency.py).

Sealing is AES-256-GCM (the `cryptography` package, as the webhook secrets' envelope uses) under
a fresh 12-byte nonce, with a key derived by HKDF-SHA256 from the API key and the
Idempotency-Key; `cryptography` is imported only when a key is sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable

from functions.errors import InvalidInput, KinerjaError

HEADER = "Idempotency-Key"
KEY = re.compile(r"^[!-~]{8,255}$")  # printable ASCII, no spaces: e.g. a UUID
_NONCE = 12
_AAD = b"kinerja idempotency answer"


class UnreadableAnswer(KinerjaError):
    """The stored answer does not open with this API key (it was altered)."""

    status = 409
    code = "conflict"


def scope_of(api_key: str) -> str:
    """The caller's records: a digest of their API key (another key, another scope)."""
    return hashlib.sha256(b"kinerja idempotency scope\0" + api_key.encode()).hexdigest()[:40]


def check_key(key: str) -> str:
    if not KEY.match(key):
        raise InvalidInput(
            f"{HEADER} must be 8 to 255 printable ASCII characters without spaces (e.g. a UUID)",
            details={HEADER: ["8 to 255 printable ASCII characters, no spaces"]},
        )
    return key


def once(
    api_key: str,
    key: str,
    request: dict,
    call: Callable[[], dict],
    remaining_millis: int = 30_000,
) -> tuple[dict, bool]:
    """``call()``'s answer (a JSON object), made once for ``key``; and whether it is a replay.
    ``request`` names what was asked (method, path, body): a retry must ask the same."""
    from functions.store import idempotency  # boto3 and Powertools: only when a key is sent

    check_key(key)
    made: list[dict] = []

    def sealed() -> dict:
        made.append(call())
        return {"sealed": seal(api_key, key, made[0])}

    digest = _mac(api_key.encode(), json.dumps(request, sort_keys=True, default=str).encode())
    stored, replayed = idempotency.once(
        scope_of(api_key), key, {"digest": digest.hex()}, sealed, remaining_millis
    )
    if made:  # this request ran the call
        return made[0], False
    return unseal(api_key, key, stored["sealed"]), replayed


def seal(api_key: str, key: str, answer: dict) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = json.dumps(answer, separators=(",", ":")).encode()
    nonce = secrets.token_bytes(_NONCE)
    return base64.b64encode(nonce + AESGCM(_key(api_key, key)).encrypt(nonce, plain, _AAD)).decode()


def unseal(api_key: str, key: str, sealed: str) -> dict:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = base64.b64decode(sealed)
    try:
        plain = AESGCM(_key(api_key, key)).decrypt(data[:_NONCE], data[_NONCE:], _AAD)
    except (InvalidTag, ValueError):
        raise UnreadableAnswer(
            f"the first answer to this {HEADER} cannot be read; use a new key"
        ) from None
    return json.loads(plain)


def _key(api_key: str, key: str) -> bytes:
    from cryptography.hazmat.primitives.hashes import SHA256
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = b"kinerja idempotency v2\0" + key.encode()
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=info).derive(api_key.encode())


def _mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()
