"""Everything a tenant holds, as JSON lines, for its admins (GET /tenant/export).

Every item of every partition of the tenant (found by Query, never by Scan: see
functions/store/partitions.py), then the tenant's API keys as listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from functions.engine import clock
from functions.store import partitions
from functions.store.repository import TenantRepository

# Credentials never leave in an export file: the signing secrets of webhook sources and of
# outbound subscriptions, plain (older items) or sealed, are replaced by a marker (the admin
# creates new ones when moving the data elsewhere; a sealed one opens only with this stack's key).
_SECRETS = ("secret", "sealed_secret")
REDACTED: dict[str, tuple[str, ...]] = {"webhook_secret": _SECRETS, "webhook_outbound": _SECRETS}
KEY_SHOWN = ("prefix", "role", "nip", "label", "created_at", "revoked", "revoked_at", "revoked_by")


def lines(repo: TenantRepository) -> Iterator[str]:
    """The export, one JSON object per line: every item as stored (keys included, so it can be
    loaded back; webhook signing secrets redacted), then the API keys (never their hashes)."""
    for pk in partitions.partitions(repo, clock.now().date()):
        for item in partitions.items(pk):
            for name in REDACTED.get(item.get("kind", ""), ()):
                if name in item:
                    item[name] = "(redacted)"
            yield json.dumps(item, ensure_ascii=False) + "\n"
    for key in repo.api_keys():
        listed = {"kind": "api_key", **{n: getattr(key, n) for n in KEY_SHOWN}}
        yield json.dumps(listed, ensure_ascii=False) + "\n"
