"""Smoke test of the in-process Lambda glue on moto: a moto upgrade that breaks it fails here."""

import json
import time

from functions.engine.clients import client
from functions.local.emulation import EmbeddedAws
from tests.integration import flaky


def run(aws: EmbeddedAws, definition: dict, handler: str) -> tuple[str, list[dict]]:
    lam, sfn = client("lambda"), client("stepfunctions")
    role = aws.role_arn
    arn = lam.create_function(
        FunctionName=handler.replace("/", "-").replace(".", "-"),
        Runtime="python3.11",
        Role=role,
        Handler=handler,
        Code={"ZipFile": b"x"},
    )["FunctionArn"]
    text = json.dumps(definition).replace("FUNCTION", arn)
    machine = sfn.create_state_machine(
        name=f"smoke-{len(flaky.calls)}-{time.time_ns()}", definition=text, roleArn=role
    )
    execution = sfn.start_execution(
        stateMachineArn=machine["stateMachineArn"], name="smoke", input="{}"
    )
    for _ in range(500):
        described = sfn.describe_execution(executionArn=execution["executionArn"])
        if described["status"] != "RUNNING":
            break
        time.sleep(0.01)
    history = sfn.get_execution_history(executionArn=execution["executionArn"])["events"]
    return described["status"], history


def test_python_exception_is_retried_by_its_class_name_then_succeeds():
    flaky.calls.clear()
    definition = {
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "FUNCTION",
                "Retry": [
                    {"ErrorEquals": ["TransientError"], "IntervalSeconds": 1, "MaxAttempts": 2}
                ],
                "End": True,
            }
        },
    }
    with EmbeddedAws() as aws:
        status, _ = run(aws, definition, "tests/integration/flaky.transient_once")
    assert status == "SUCCEEDED"
    assert len(flaky.calls) == 2


def test_uncaught_python_exception_fails_with_its_class_name_and_message():
    definition = {
        "StartAt": "Call",
        "States": {"Call": {"Type": "Task", "Resource": "FUNCTION", "End": True}},
    }
    with EmbeddedAws() as aws:
        status, history = run(aws, definition, "tests/integration/flaky.permanent")
    assert status == "FAILED"
    failed = next(e for e in history if e["type"] == "ExecutionFailed")[
        "executionFailedEventDetails"
    ]
    assert failed["error"] == "InvalidInput"
    assert "nope" in failed["cause"]


def test_a_cancelled_transaction_leaves_every_item_as_it_was():
    """The emulation's rollback (an undo log of the items a transaction names, not moto's copy
    of the whole table) restores updated, deleted and created items alike."""
    import pytest
    from botocore.exceptions import ClientError

    def key(sk: str) -> dict:
        return {"pk": {"S": "P"}, "sk": {"S": sk}}

    def put(sk: str, n: int) -> dict:
        return {"Put": {"TableName": "glue", "Item": {**key(sk), "n": {"N": str(n)}}}}

    with EmbeddedAws():
        db = _table("glue")
        db.transact_write_items(TransactItems=[put("kept", 1), put("gone", 2), put("other", 3)])
        refused = {"ConditionExpression": "attribute_not_exists(pk)"}
        with pytest.raises(ClientError, match="TransactionCanceled"):
            db.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": "glue",
                            "Key": key("kept"),
                            "UpdateExpression": "SET n = :n",
                            "ExpressionAttributeValues": {":n": {"N": "9"}},
                        }
                    },
                    {"Delete": {"TableName": "glue", "Key": key("gone")}},
                    put("new", 4),
                    {"ConditionCheck": {"TableName": "glue", "Key": key("other"), **refused}},
                ]
            )
        items = db.query(
            TableName="glue",
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "P"}},
        )["Items"]
        assert {i["sk"]["S"]: i["n"]["N"] for i in items} == {
            "gone": "2",
            "kept": "1",
            "other": "3",
        }


def test_all_or_none_raises_the_conflict_given_and_writes_nothing_on_a_stale_version(stack):
    """The repository's one rule for versioned writes: a record saved meanwhile makes the whole
    transaction fail with the caller's error, and the records beside it stay unwritten."""
    import pytest

    from functions.errors import Conflict
    from functions.services import audit, people
    from functions.store.repository import TenantRepository

    repo = TenantRepository(stack.sample.tenant_id)
    mine, theirs = people.unit(repo, "disdik"), people.unit(repo, "disdik")
    theirs.name = "Dinas Pendidikan dan Kebudayaan"
    repo.put(theirs)
    mine.name = "Dinas P dan K"
    trail = audit.entry(repo, "test", "unit.update", "unit/disdik", before=None, after={})
    changed = Conflict("the unit changed meanwhile")
    with pytest.raises(Conflict, match="the unit changed"), repo.all_or_none(changed) as writes:
        writes.put(mine)
        writes.put(trail)
    assert people.unit(repo, "disdik").name == "Dinas Pendidikan dan Kebudayaan"
    assert not type(trail).count(trail.pk, type(trail).sk == trail.sk)


def test_items_answered_as_plain_json_round_trip_every_attribute_type():
    """The emulation writes DynamoDB's item answers as JSON itself (not by moto's serialiser):
    every attribute type must come back as it went in, through GetItem, Query and Scan."""
    item = {
        "pk": {"S": "P"},
        "sk": {"S": "all"},
        "s": {"S": "teks ✓"},
        "n": {"N": "12.5"},
        "b": {"B": b"\x00\xffbytes"},
        "t": {"BOOL": True},
        "z": {"NULL": True},
        "l": {"L": [{"S": "a"}, {"N": "1"}]},
        "m": {"M": {"inner": {"SS": ["x", "y"]}, "nums": {"NS": ["1", "2"]}}},
        "bs": {"BS": [b"\x01", b"\x02"]},
    }
    with EmbeddedAws():
        db = _table("types")
        db.put_item(TableName="types", Item=item)

        key = {"pk": item["pk"], "sk": item["sk"]}
        assert _sets_sorted(db.get_item(TableName="types", Key=key)["Item"]) == _sets_sorted(item)
        query = db.query(
            TableName="types",
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "P"}},
        )
        assert query["Count"] == 1 and _sets_sorted(query["Items"][0]) == _sets_sorted(item)
        assert _sets_sorted(db.scan(TableName="types")["Items"][0]) == _sets_sorted(item)


def _sets_sorted(value):
    """DynamoDB sets come back in any order."""
    if isinstance(value, dict):
        return {
            k: sorted(v) if k in ("SS", "NS", "BS") else _sets_sorted(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_sets_sorted(v) for v in value]
    return value


def _table(name: str):
    """A table keyed pk/sk on the running emulation; its DynamoDB client."""
    db = client("dynamodb")
    keys = ("pk", "HASH"), ("sk", "RANGE")
    db.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": a, "KeyType": kind} for a, kind in keys],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a, _ in keys],
        BillingMode="PAY_PER_REQUEST",
    )
    return db


def test_queries_read_their_partition_and_stay_right_through_every_kind_of_write():
    """The emulation answers a query from its partition (the table's, or the index's, kept in
    step with puts, updates, deletes, batches and a cancelled transaction's roll-back) instead
    of moto's sort of the whole table, and answers a page with the stored items rather than a
    deep copy of them: the answers, page by page, are those of a plain model."""
    import random

    import pytest
    from botocore.exceptions import ClientError

    from functions.local.project import table_properties

    rng = random.Random(14)
    model: dict[tuple[str, str], dict] = {}

    def item(pk: str, sk: str) -> dict:
        return {"pk": {"S": pk}, "sk": {"S": sk}}

    def indexed(pk: str, sk: str) -> dict:
        return {**item(pk, sk), "gsi1pk": {"S": f"G{rng.randrange(4)}"}, "gsi1sk": {"S": sk}}

    def remember(attrs: dict) -> None:
        model[(attrs["pk"]["S"], attrs["sk"]["S"])] = {k: v["S"] for k, v in attrs.items()}

    with EmbeddedAws():
        db = client("dynamodb")
        db.create_table(TableName="narrow", **table_properties())
        for step in range(400):
            pk, sk = f"P{rng.randrange(6)}", f"S{rng.randrange(30):02d}"
            action = rng.choice(["put", "put", "update", "delete", "batch", "cancelled"])
            if action == "put":
                attrs = indexed(pk, sk) if rng.random() < 0.8 else item(pk, sk)
                db.put_item(TableName="narrow", Item=attrs)
                remember(attrs)
            elif action == "update" and (pk, sk) in model:
                moved = f"G{rng.randrange(4)}"
                db.update_item(
                    TableName="narrow", Key=item(pk, sk),
                    UpdateExpression="SET gsi1pk = :g, gsi1sk = :s",
                    ExpressionAttributeValues={":g": {"S": moved}, ":s": {"S": sk}},
                )  # fmt: skip
                model[(pk, sk)].update(gsi1pk=moved, gsi1sk=sk)
            elif action == "delete":
                db.delete_item(TableName="narrow", Key=item(pk, sk))
                model.pop((pk, sk), None)
            elif action == "batch":
                attrs = indexed(pk, f"B{step}")
                db.batch_write_item(RequestItems={"narrow": [{"PutRequest": {"Item": attrs}}]})
                remember(attrs)
            elif action == "cancelled" and len(model) > 1:
                (kept_pk, kept_sk), (there_pk, there_sk) = rng.sample(sorted(model), 2)
                with pytest.raises(ClientError, match="TransactionCanceled"):
                    db.transact_write_items(
                        TransactItems=[
                            {"Put": {"TableName": "narrow", "Item": indexed(pk, f"T{step}")}},
                            {"Delete": {"TableName": "narrow", "Key": item(kept_pk, kept_sk)}},
                            {"ConditionCheck": {
                                "TableName": "narrow", "Key": item(there_pk, there_sk),
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }},
                        ]
                    )  # fmt: skip

        def pages(**query) -> list[tuple[str, str]]:
            found, start = [], {}
            while True:
                page = db.query(TableName="narrow", Limit=7, **query, **start)
                found += [(i["pk"]["S"], i["sk"]["S"]) for i in page["Items"]]
                if "LastEvaluatedKey" not in page:
                    return found
                start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}

        for n in range(6):
            expected = sorted(k for k in model if k[0] == f"P{n}")
            assert (
                pages(
                    KeyConditionExpression="pk = :p",
                    ExpressionAttributeValues={":p": {"S": f"P{n}"}},
                )
                == expected
            )
        scanned = db.scan(TableName="narrow")["Items"]  # a page is not copied: still right
        assert {
            (i["pk"]["S"], i["sk"]["S"]): {k: v["S"] for k, v in i.items()} for i in scanned
        } == (model)
        for n in range(4):
            members = [(a["gsi1sk"], k) for k, a in model.items() if a.get("gsi1pk") == f"G{n}"]
            assert pages(
                IndexName="gsi1",
                KeyConditionExpression="gsi1pk = :g",
                ExpressionAttributeValues={":g": {"S": f"G{n}"}},
            ) == [k for _, k in sorted(members)]


WAITS = {
    "StartAt": "Wait",
    "States": {
        "Wait": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {
                "FunctionName": "FUNCTION",
                "Payload": {"token.$": "$$.Task.Token", "n.$": "$.n"},
            },
            "End": True,
        }
    },
}


def _waiting(aws: EmbeddedAws, count: int) -> tuple[object, str, list[str], list[str]]:
    """``count`` executions of one machine, each waiting on its task token (in order)."""
    lam, sfn = client("lambda"), client("stepfunctions")
    flaky.tokens.clear()
    arn = lam.create_function(
        FunctionName="hand-out-token", Runtime="python3.11", Role=aws.role_arn,
        Handler="tests/integration/flaky.hand_out_token", Code={"ZipFile": b"x"},
    )["FunctionArn"]  # fmt: skip
    text = json.dumps(WAITS).replace("FUNCTION", arn)
    machine = sfn.create_state_machine(name="waits", definition=text, roleArn=aws.role_arn)
    arns = []
    for n in range(count):
        started = sfn.start_execution(
            stateMachineArn=machine["stateMachineArn"], name=f"w{n}", input=json.dumps({"n": n})
        )
        arns.append(started["executionArn"])
        for _ in range(500):
            if len(flaky.tokens) > n:
                break
            time.sleep(0.01)
    assert len(flaky.tokens) == count
    return sfn, machine["stateMachineArn"], arns, list(flaky.tokens)


def _status(sfn, arn: str, until: str = "RUNNING") -> str:
    for _ in range(500):
        status = sfn.describe_execution(executionArn=arn)["status"]
        if status != until:
            return status
        time.sleep(0.01)
    return status


def test_a_task_callback_reaches_the_one_execution_that_issued_the_token():
    """The emulation sends a callback to the execution whose callback pool issued the token
    (functions/local/executions.py) instead of asking every execution's pool: success and
    failure (with its cause) end that execution alone; a spent or unknown token is refused as
    AWS refuses it; a heartbeat answers for a waiting token only."""
    import pytest
    from botocore.exceptions import ClientError

    from functions.local import executions

    with EmbeddedAws() as aws:
        sfn, _, arns, tokens = _waiting(aws, 3)
        for arn, token in zip(arns, tokens, strict=True):
            assert executions.execution_of(token).execution_arn == arn
        sfn.send_task_heartbeat(taskToken=tokens[1])  # waiting: accepted
        sfn.send_task_success(taskToken=tokens[1], output=json.dumps({"done": 1}))
        assert _status(sfn, arns[1]) == "SUCCEEDED"
        assert json.loads(sfn.describe_execution(executionArn=arns[1])["output"]) == {"done": 1}
        sfn.send_task_failure(taskToken=tokens[2], error="TaskRejected", cause="alasan")
        assert _status(sfn, arns[2]) == "FAILED"
        failed = sfn.describe_execution(executionArn=arns[2])
        assert (failed["error"], failed["cause"]) == ("TaskRejected", "alasan")
        assert _status(sfn, arns[0], until="SUCCEEDED") == "RUNNING"  # the others still wait
        for spent in (tokens[1], "never-issued"):
            for call in (
                lambda t: sfn.send_task_success(taskToken=t, output="{}"),
                lambda t: sfn.send_task_heartbeat(taskToken=t),
            ):
                with pytest.raises(ClientError, match=r"InvalidToken|TaskTimedOut"):
                    call(spent)
        sfn.send_task_success(taskToken=tokens[0], output="{}")
        assert _status(sfn, arns[0]) == "SUCCEEDED"


def test_starts_and_describes_find_the_execution_by_name_and_arn():
    """StartExecution's idempotency looks up the execution of that name and DescribeExecution
    that ARN (no walk of the machine's executions), with AWS's answers: the same name and input
    while it runs is the same execution, another input is ExecutionAlreadyExists, an unknown
    ARN ExecutionDoesNotExist."""
    import pytest
    from botocore.exceptions import ClientError

    with EmbeddedAws() as aws:
        sfn, machine, arns, tokens = _waiting(aws, 2)
        again = sfn.start_execution(stateMachineArn=machine, name="w1", input=json.dumps({"n": 1}))
        assert again["executionArn"] == arns[1]
        with pytest.raises(ClientError, match="ExecutionAlreadyExists"):
            sfn.start_execution(stateMachineArn=machine, name="w1", input=json.dumps({"n": 9}))
        assert sfn.describe_execution(executionArn=arns[0])["name"] == "w0"
        with pytest.raises(ClientError, match="ExecutionDoesNotExist"):
            sfn.describe_execution(executionArn=arns[0].replace(":w0", ":w7"))
        sfn.send_task_success(taskToken=tokens[0], output="{}")
        assert _status(sfn, arns[0]) == "SUCCEEDED"
        with pytest.raises(ClientError, match="ExecutionAlreadyExists"):  # finished: not again
            sfn.start_execution(stateMachineArn=machine, name="w0", input=json.dumps({"n": 0}))
        listed = sfn.list_executions(stateMachineArn=machine)["executions"]
        assert sorted(e["name"] for e in listed) == ["w0", "w1"]


def test_a_stopped_execution_waiting_on_a_token_is_aborted_and_its_token_refused():
    """moto 5.2.5 left a stopped execution blocked in its wait (RUNNING), and the wait's end
    then replaced the stop with a failure (FAILED); the emulation ends the waits of a stopped
    execution and keeps it ABORTED, as AWS does (functions/local/emulation.py). The other
    executions wait on."""
    import pytest
    from botocore.exceptions import ClientError

    with EmbeddedAws() as aws:
        sfn, _, arns, tokens = _waiting(aws, 2)
        sfn.stop_execution(executionArn=arns[0], error="CycleClosed", cause="pensiun")
        assert _status(sfn, arns[0]) == "ABORTED"
        time.sleep(0.2)  # the ended wait does not turn it into a failure afterwards
        assert sfn.describe_execution(executionArn=arns[0])["status"] == "ABORTED"
        with pytest.raises(ClientError, match=r"InvalidToken|TaskTimedOut"):
            sfn.send_task_success(taskToken=tokens[0], output="{}")
        assert _status(sfn, arns[1], until="SUCCEEDED") == "RUNNING"
        sfn.send_task_success(taskToken=tokens[1], output="{}")
        assert _status(sfn, arns[1]) == "SUCCEEDED"
