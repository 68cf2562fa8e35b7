"""Property-based fuzz of the HTTP API (issue 16): nested, huge and odd JSON, bodies shaped like
each operation's own schema with odd values, raw bytes no parser likes, odd query strings and
signed webhook deliveries, thrown at every operation that takes a body and at a sample of reads,
as the roles allowed to call them. The property: no answer is a 5xx, and every error answer has
the error body.

Bounded in time: ``FUZZ_EXAMPLES`` examples (default 500, derandomized so ``make test`` is
repeatable; ``KINERJA_FUZZ_EXAMPLES=5000`` for a longer hunt, ``KINERJA_FUZZ_SEED`` for another
sequence)."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from functions.api.limits import MAX_DEPTH
from tests.functional.test_webhooks import sign

FUZZ_EXAMPLES = int(os.environ.get("KINERJA_FUZZ_EXAMPLES", "500"))
FUZZ_SEED = os.environ.get("KINERJA_FUZZ_SEED")
YEAR = 2026

# --- values ---------------------------------------------------------------------------------------
ODD_TEXT = [
    "", " ", "   ", "\t\n", "\x00", "\u200b", "\u202e", "\ufeff", "\U0001f600", "x" * 5000,
    "../../etc/passwd", "TENANT#t0000000000#EMP#1", "a#b", "%s%n", "<script>", "'; DROP",
    "9999-12-31", "0001-01-01", "2026-02-30", "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "1e400", "-0", "NaN", "null", "true", "198001012005011077", "209901012120011001",
    "setda", "eoffice", "di_atas", "sesuai", "di_bawah", "https://example.test/x", "http://",
]  # fmt: skip
ODD_NUMBERS = [0, -1, 1, 2**31, 2**63, -(2**63), 10**38, -(10**38), 10**39, 1e308, -1e308,
               5e-324, 0.1, 1e-40, 99.999999, 101, 2026, 9999, 12, 13]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**39), max_value=10**39),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(ODD_NUMBERS),
    st.text(max_size=40),
    st.sampled_from(ODD_TEXT),
    st.dates().map(lambda d: d.isoformat()),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def shaped(schema: dict, components: dict, depth: int = 0) -> st.SearchStrategy:
    """A value shaped like ``schema`` (an OpenAPI schema), often with an odd value instead."""
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if depth > 4:
        return json_values
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), None) if isinstance(kind, list) else kind
    if "enum" in schema:
        plain = st.sampled_from([v for v in schema["enum"] if v is not None] or [None])
    elif kind == "object" and schema.get("properties"):
        props = {n: shaped(s, components, depth + 1) for n, s in schema["properties"].items()}
        required = {n: props.pop(n) for n in schema.get("required", []) if n in props}
        plain = st.fixed_dictionaries(required, optional=props)
    elif kind == "array":
        plain = st.lists(shaped(schema.get("items", {}), components, depth + 1), max_size=4)
    elif kind == "integer":
        plain = st.one_of(st.integers(-(10**6), 10**6), st.sampled_from(ODD_NUMBERS))
    elif kind == "number":
        plain = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.just(50.0))
    elif kind == "boolean":
        plain = st.booleans()
    elif kind == "string":
        fmt = schema.get("format")
        plain = {
            "date": st.dates().map(lambda d: d.isoformat()),
            "date-time": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
        }.get(fmt, st.one_of(st.text(max_size=30), st.sampled_from(ODD_TEXT)))
    else:
        plain = json_values
    return st.one_of(*[plain] * 7, json_values)  # mostly of the right shape, now and then odd


# --- raw bodies -------------------------------------------------------------------------------
def nested(depth: int, opener: bytes) -> bytes:
    closer = b"]" if opener == b"[" else b"}"
    inner = b'{"a":' if opener == b"{" else b"["
    return inner * depth + b"1" + closer * depth


raw_bodies = st.one_of(
    st.builds(nested, st.integers(MAX_DEPTH - 2, 1500), st.sampled_from([b"[", b"{"])),
    st.integers(30, 6000).map(lambda n: b'{"year": ' + b"9" * n + b"}"),
    st.integers(1, 400).map(lambda n: b'{"year": 1e' + str(10**n)[:60].encode() + b"}"),
    st.sampled_from(
        [
            b"",
            b"{",
            b"}",
            b"[",
            b"null",
            b"true",
            b"0",
            b'""',
            b"{not json",
            b'{"a":1,}',
            b"\xff\xfe\x00",
            b"\xed\xa0\x80",
            b'{"name": "\\ud800"}',
            b'{"name": "\\udc00\\ud800"}',
            b'{"year": NaN}',
            b'{"year": -Infinity}',
            b'{"a": 1, "a": 2}',
            b"\x00" * 10,
            b'{"year": 2026}' * 3,
            b" " * 10000,
            b'{"' + b"k" * 100000 + b'": 1}',
        ]
    ),
    st.binary(max_size=200),
)


# --- the routes --------------------------------------------------------------------------------
def operations(api, people, stack) -> tuple[list[tuple[str, str, str | None, dict]], dict]:
    """(method, path, key, body schema) of every operation with a JSON body, path parameters
    filled with things that exist, called as a role it allows."""
    spec = api.get("/openapi.json")
    nip = sorted(people)[3]
    keys = {
        "platform": stack.sample.platform_key,
        "tenant_admin": stack.sample.admin_key,
        "pegawai": people[nip]["key"],
        "auditor": stack.sample.auditor_key,
    }
    params = {"nip": nip, "year": str(YEAR), "unit_id": "setda", "source": "eoffice",
              "tenant_id": stack.sample.tenant_id, "kind": "employees", "task_id": "t" * 12,
              "draft_id": "d" * 12, "coaching_id": "c" * 12, "subscription_id": "s" * 12,
              "secret_id": "x" * 12, "prefix": "kin_0000", "delivery_id": "msg_1"}  # fmt: skip
    found = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method not in ("post", "put", "patch"):
                continue
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" not in content:
                continue
            roles = [r for r in op.get("x-roles", []) if r in keys]
            filled = path
            for name, value in params.items():
                filled = filled.replace("{" + name + "}", value)
            schema = content["application/json"].get("schema", {})
            found.append((method.upper(), filled, keys[roles[0]] if roles else None, schema))
    return found, spec["components"]["schemas"]


READS = [
    "/employees?limit={v}", "/employees?cursor={v}", "/units?cursor={v}", "/audit?from={v}",
    "/audit?from=2026-01-01&to={v}", "/tasks?status={v}", "/cycles?year={v}",
    "/exports/siasn?year={v}&period=1", "/imports/{v}", "/webhooks/deliveries?status={v}",
    "/cycles/{v}/2026", "/employees/{v}", "/units/{v}/distribution?year=2026",
]  # fmt: skip


def request(base: str, method: str, path: str, key: str | None, data: bytes | None, **headers):
    sent = {"Content-Type": "application/json", **headers} if data is not None else headers
    if key:
        sent["Authorization"] = f"Bearer {key}"
    req = urllib.request.Request(base + path, data, sent, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check(status: int, raw: bytes, what: str) -> None:
    assert status < 500, f"{what} -> {status}: {raw[:500]!r}"
    if status >= 400:
        body = json.loads(raw)
        assert set(body["error"]) == {"code", "message", "details"}, (what, body)


def test_no_input_gets_a_5xx(stack, api, people):
    routes, components = operations(api, people, stack)
    assert len(routes) > 30
    bodies = {path + method: shaped(schema, components) for method, path, _, schema in routes}
    quote = urllib.request.quote
    started = time.monotonic()

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_SEED is None,
              suppress_health_check=list(HealthCheck), database=None)  # fmt: skip
    @given(st.data())
    def one(data):
        choice = data.draw(st.sampled_from(["shaped", "shaped", "value", "raw", "read", "hook"]))
        if choice == "read":
            path = data.draw(st.sampled_from(READS))
            value = data.draw(st.one_of(st.text(max_size=30), st.sampled_from(ODD_TEXT)))
            path = path.replace("{v}", quote(value[:200], safe=""))
            check(*request(stack.url, "GET", path, stack.sample.admin_key, None), f"GET {path}")
            return
        if choice == "hook":  # a signed delivery of any bytes
            body = data.draw(
                st.one_of(raw_bodies, json_values.map(lambda v: json.dumps(v).encode()))
            )
            msg_id, at = f"msg_{uuid.uuid4().hex}", int(time.time())
            signature = sign(stack.sample.webhook_secret, msg_id, at, body)
            headers = {"webhook-id": msg_id, "webhook-timestamp": str(at),
                       "webhook-signature": signature}  # fmt: skip
            path = f"/webhooks/{stack.sample.tenant_id}/eoffice"
            check(*request(stack.url, "POST", path, None, body, **headers), f"hook {body[:80]!r}")
            return
        method, path, key, _ = data.draw(st.sampled_from(routes))
        if choice == "shaped":
            body = json.dumps(data.draw(bodies[path + method])).encode()
        elif choice == "value":
            body = json.dumps(data.draw(json_values)).encode()
        else:
            body = data.draw(raw_bodies)
        headers = {"If-Match": '"1"'} if method == "PATCH" else {}
        status, raw = request(stack.url, method, path, key, body, **headers)
        check(status, raw, f"{method} {path} {body[:300]!r}")

    if FUZZ_SEED is not None:
        one = seed(int(FUZZ_SEED))(one)
    one()
    assert time.monotonic() - started < 600


def test_no_input_on_a_cycle_in_monitoring_gets_a_5xx(stack, api, people):
    """The same property where the rules run: the realisations, feedback and revisions of a
    cycle whose SKP is approved, with bodies of the right shape and odd values (huge, tiny,
    negative numbers, odd text and links)."""
    from functions.local.demo import Demo, wait_for

    head = next(n for n, p in people.items() if p["position"] == "Kepala Dinas")
    boss, peer = people[head]["penilai"], sorted(n for n in people if n != head)[0]
    admin = api.as_(stack.sample.admin_key)
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo.draft_and_submit(head)
    demo.review(head, "approve")
    wait_for(lambda: admin.get(f"/cycles/{head}/{YEAR}")["stage"] == "monitor", "monitoring")
    iki_ids = [i["id"] for r in demo.skp[head]["rhk"] for i in r["iki"]]
    numbers = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                        st.sampled_from(ODD_NUMBERS), st.integers(-(10**39), 10**39))  # fmt: skip
    links = st.one_of(st.just("https://eoffice.example/surat/1"), st.sampled_from(ODD_TEXT))
    item = st.fixed_dictionaries(
        {"iki_id": st.one_of(st.sampled_from(iki_ids), st.sampled_from(ODD_TEXT)),
         "value": numbers},
        optional={"bukti": st.lists(links, max_size=25),
                  "note": st.one_of(st.none(), st.text(max_size=50), st.sampled_from(ODD_TEXT))},
    )  # fmt: skip
    period = st.one_of(st.just(1), st.sampled_from(ODD_NUMBERS))
    keys = {"me": people[head]["key"], "boss": people[boss]["key"], "peer": people[peer]["key"]}
    calls = st.one_of(
        st.tuples(st.just(("me", "realisasi")),
                  st.builds(lambda i, p: {**i, "period": p}, item, period)),
        st.tuples(st.just(("me", "realisasi/batch")),
                  st.fixed_dictionaries({"period": period, "items": st.lists(item, max_size=4)})),
        st.tuples(st.sampled_from([("peer", "feedback"), ("boss", "feedback")]), json_values),
        st.tuples(st.sampled_from([("boss", "revisions"), ("me", "keberatan")]), json_values),
    )  # fmt: skip

    @settings(max_examples=max(50, FUZZ_EXAMPLES // 4), deadline=None, database=None,
              derandomize=FUZZ_SEED is None, suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(calls)
    def one(call):
        (who, what), body = call
        path = f"/cycles/{head}/{YEAR}/{what}"
        status, raw = request(stack.url, "POST", path, keys[who], json.dumps(body).encode())
        check(status, raw, f"POST {path} {json.dumps(body)[:300]}")

    one()
    assert admin.get(f"/cycles/{head}/{YEAR}")["stage"] == "monitor"
