"""Sign and send one e-office event to kinerja, as an integrator would (docs/integrator.md).

    python docs/send_webhook.py URL TENANT_ID WHSEC_SECRET [EVENT.json] [--source eoffice]

Without EVENT.json it sends a public feedback form about the first employee of the sample
regency read from .kinerja/credentials.json (written by `kinerja serve`/`make run`). Then it
polls the delivery's status when KINERJA_KEY (a tenant admin or integration key) is set. Needs
only the standard library and `standardwebhooks` (pip install standardwebhooks==1.1.0).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

from standardwebhooks.webhooks import Webhook


def send(url: str, tenant_id: str, secret: str, event: dict, source: str) -> tuple[str, int, dict]:
    body = json.dumps(event)
    msg_id = f"msg_{uuid.uuid4().hex}"  # keep it: a retry must send the same id and body
    now = datetime.now(UTC)
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, now, body),
    }
    request = urllib.request.Request(
        f"{url.rstrip('/')}/webhooks/{tenant_id}/{source}", body.encode(), headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return msg_id, response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return msg_id, error.code, json.loads(error.read() or b"null")


def sample_event() -> dict:
    credentials = json.loads(Path(".kinerja/credentials.json").read_text())
    nip = sorted(credentials["people"])[0]
    return {
        "type": "form.feedback",
        "timestamp": datetime.now(UTC).isoformat(),
        "data": {"pegawai": {"nip": nip}, "isi": "Pelayanan cepat dan ramah", "nomor": "F-001"},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("tenant_id")
    parser.add_argument("secret")
    parser.add_argument("event", nargs="?", type=Path)
    parser.add_argument("--source", default="eoffice")
    args = parser.parse_args()
    event = json.loads(args.event.read_text()) if args.event else sample_event()
    msg_id, status, answer = send(args.url, args.tenant_id, args.secret, event, args.source)
    print(f"{status} {json.dumps(answer)}")
    key = os.environ.get("KINERJA_KEY")
    if status in (200, 202) and key:
        for _ in range(50):
            request = urllib.request.Request(
                f"{args.url.rstrip('/')}/webhooks/deliveries/{msg_id}",
                headers={"Authorization": f"Bearer {key}"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                delivery = json.loads(response.read())
            if delivery["status"] in ("applied", "dead"):
                print(json.dumps({k: delivery[k] for k in ("status", "reason", "result")}))
                break
            time.sleep(0.1)
    return 0 if status in (200, 202) else 1


if __name__ == "__main__":
    sys.exit(main())
