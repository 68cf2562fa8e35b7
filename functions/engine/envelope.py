"""KMS envelope encryption of small secrets (the webhook signing secrets): each secret gets its
own data key from KMS (``GenerateDataKey``, AES-256), is encrypted with it locally (AES-GCM,
the `cryptography` package), and is stored as one string holding the ciphertext, the nonce and
the data key as KMS encrypted it. Reading it asks KMS to decrypt the data key (``Decrypt``);
the plain data keys are kept in this process for :data:`CACHE_SECONDS`, so verifying a burst of
deliveries costs one KMS call per secret, not one per delivery.

Both layers are bound to an *encryption context* (tenant, purpose, item id): KMS refuses the
data key, and AES-GCM the ciphertext, when a stored value is copied to another tenant's or
another secret's item. The KMS key is ``config.secrets_key`` (serverless.yml: the stack's key;
the embedded runtime: a key of moto's KMS). `cryptography` is imported on first use.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time

from functions import config
from functions.engine.clients import client
from functions.errors import TransientError

# KMS answers worth retrying; any other refusal (a value sealed for another item) is final
TRANSIENT = {"ThrottlingException", "KMSInternalException", "DependencyTimeoutException",
             "KeyUnavailableException", "LimitExceededException"}  # fmt: skip
PREFIX = "kms1"
CACHE_SECONDS = 300.0
CACHE_SIZE = 512
NONCE_BYTES = 12

_lock = threading.Lock()
_keys: dict[bytes, tuple[float, bytes]] = {}  # encrypted data key → (expires, plain data key)


def is_sealed(value: str | None) -> bool:
    return bool(value) and str(value).startswith(PREFIX + ".")


def seal(plaintext: str, context: dict[str, str]) -> str:
    """``plaintext`` encrypted under a new data key: ``kms1.<data key>.<nonce>.<ciphertext>``
    (each base64)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        made = client("kms").generate_data_key(
            KeyId=_key_id(), KeySpec="AES_256", EncryptionContext=context
        )
    except Exception as error:
        raise _refusal(error, "encrypted") from None
    encrypted_key, key = made["CiphertextBlob"], made["Plaintext"]
    _remember(encrypted_key, key)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext.encode(), _aad(context))
    parts = (encrypted_key, nonce, ciphertext)
    return ".".join([PREFIX, *(base64.b64encode(p).decode() for p in parts)])


def unseal(sealed: str, context: dict[str, str]) -> str:
    """The plaintext of a value made by :func:`seal` with the same ``context``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    prefix, *encoded = sealed.split(".")
    if prefix != PREFIX or len(encoded) != 3:
        raise ValueError("not a sealed value")
    encrypted_key, nonce, ciphertext = (base64.b64decode(p) for p in encoded)
    from cryptography.exceptions import InvalidTag

    key = _data_key(encrypted_key, context)
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, _aad(context)).decode()
    except InvalidTag:
        raise ValueError("the sealed value does not open under this context") from None


def forget() -> None:
    """Drop the cached data keys (tests; a rotated key)."""
    with _lock:
        _keys.clear()


def _data_key(encrypted_key: bytes, context: dict[str, str]) -> bytes:
    now = time.monotonic()
    with _lock:
        cached = _keys.get(encrypted_key)
    if cached is not None and cached[0] > now:
        return cached[1]
    try:
        answer = client("kms").decrypt(
            CiphertextBlob=encrypted_key, EncryptionContext=context, KeyId=_key_id()
        )
    except Exception as error:
        raise _refusal(error, "decrypted") from None
    _remember(encrypted_key, answer["Plaintext"])
    return answer["Plaintext"]


def _remember(encrypted_key: bytes, key: bytes) -> None:
    with _lock:
        if len(_keys) >= CACHE_SIZE:
            _keys.pop(next(iter(_keys)))  # the oldest
        _keys[encrypted_key] = (time.monotonic() + CACHE_SECONDS, key)


def _aad(context: dict[str, str]) -> bytes:
    return json.dumps(context, sort_keys=True, separators=(",", ":")).encode()


def _key_id() -> str:
    key = config.current().secrets_key
    if not key:
        raise TransientError("no KMS key is configured for secrets (SECRETS_KEY_ID)")
    return key


def _refusal(error: Exception, done: str) -> Exception:
    """A KMS failure as ours: TransientError when retrying may help (throttling, an outage, no
    connection), ValueError when KMS refuses the value itself (another item's context)."""
    code = getattr(error, "response", {}).get("Error", {}).get("Code")
    if code is not None and code not in TRANSIENT:
        return ValueError(f"the secret cannot be {done}: {code}")
    return TransientError(f"the secret cannot be {done} now ({code or type(error).__name__})")
