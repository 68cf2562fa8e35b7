"""The embedded AWS: moto's DynamoDB, Scheduler, KMS and Step Functions (executing the ASL), with
Lambda tasks run in this process by importing the handler each function names.

moto has no in-process Lambda (getmoto/moto#9916); its Docker-less backend only echoes the
payload. We replace that one method while the emulation runs: the handler's JSON comes back, an
exception comes back as ``{"errorType", "errorMessage"}`` with ``x-amz-function-error``, exactly
what Step Functions' Retry/Catch match on AWS. moto is pinned; tests/integration keeps a smoke
test of this glue.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import threading
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from unittest import mock

import boto3

from functions import config, logs, metrics
from functions.engine import clients, dispatch, simulations
from functions.local import executions, project, query_index, workers
from functions.webhooks import outbound

if TYPE_CHECKING:  # moto itself is imported when the emulation starts
    from moto.core.config import DefaultConfig
    from moto.core.models import MockAWS

REGION = "ap-southeast-3"
ACCOUNT = "123456789012"
STATE_MACHINE = "kinerja-evaluation-local"
REVIEW_STATE_MACHINE = "kinerja-talent-review-local"
SCHEDULER_GROUP = "kinerja-local"
ENV = {
    "AWS_ACCESS_KEY_ID": "embedded",
    "AWS_SECRET_ACCESS_KEY": "embedded",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "KINERJA_TABLE": "kinerja",
    "SCHEDULER_GROUP": SCHEDULER_GROUP,
    "STATE_MACHINE_ARN": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{STATE_MACHINE}",
    "REVIEW_STATE_MACHINE_ARN": (
        f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{REVIEW_STATE_MACHINE}"
    ),
    "SCHEDULER_ROLE_ARN": f"arn:aws:iam::{ACCOUNT}:role/kinerja-scheduler",
    "REMINDER_FUNCTION_ARN": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:kinerja-local-remindTask",
    "MONTH_CHECK_FUNCTION_ARN": (
        f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:kinerja-local-monthCheck"
    ),
    # moto cannot start executions on versions: one state machine per published version
    "KINERJA_WORKFLOW_VERSIONS": "machines",
    "POWERTOOLS_SERVICE_NAME": "kinerja",
    # no X-Ray here, even in the simulate function on Lambda (whose environment turns it on)
    "KINERJA_TRACING": "off",
    # tests and benchmarks: warnings only; `kinerja serve` (make run) asks for INFO
    "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
}
MOTO_CONFIG: DefaultConfig = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}


@cache
def _handler(handler: str):
    module, attribute = project.handler_target(handler)
    return getattr(importlib.import_module(module), attribute)


def invoke_in_process(backend, function_name, qualifier, body, headers, response_headers):
    """Replacement for ``LambdaSimpleBackend.invoke``: run the named Python handler."""
    function = backend.get_function(function_name, qualifier)
    event = json.loads(body) if body else {}
    try:
        result = _handler(function.handler)(event, None)
    except Exception as error:  # the Lambda runtime's contract: report, don't raise
        response_headers["x-amz-function-error"] = "Unhandled"
        payload = {"errorType": type(error).__name__, "errorMessage": str(error)}
        return json.dumps(payload).encode()
    return json.dumps(result).encode()


_dynamodb_lock = threading.Lock()


def _serialised(original, written=None):
    """moto's DynamoDB is not thread-safe (TransactWriteItems copies items another thread may be
    writing; a query iterates a partition another thread may grow). DynamoDB requests are short
    and never nest, so run them one at a time (the API's threads and the executions' threads all
    call it). ``written`` (the journal's flush, with ``--data``) runs after each request, still
    in turn, before its answer goes back: what the request changed is on disk by then."""

    def call(self, event_name, request, **kwargs):
        if ".dynamodb." not in event_name:
            return original(self, event_name, request, **kwargs)
        with _dynamodb_lock:
            try:
                return original(self, event_name, request, **kwargs)
            finally:
                if written is not None:
                    written()

    return call


_interpreter_clients: dict[tuple[str, str], object] = {}
_interpreter_clients_lock = threading.Lock()


def _cached_clients(original):
    """moto's interpreter builds a new boto3 client for every Lambda task, which costs more than
    the task itself; one client per region and service is enough for the process (moto's
    stubber intercepts it in whichever embedded stack is running)."""

    def client_for(region: str, service: str, state_credentials=None):
        key = (region, service)
        with _interpreter_clients_lock:
            if key not in _interpreter_clients:
                _interpreter_clients[key] = original(region, service, state_credentials)
            return _interpreter_clients[key]

    return client_for


def _items_as_json(original):
    """moto serialises each DynamoDB answer by walking botocore's output shapes, attribute by
    attribute: a quarter of the embedded stack's time. An answer of items (GetItem, PutItem,
    Query, Scan) is already DynamoDB JSON, which the walk leaves as it is (compared on a whole
    year of cycles), so it is written out at once; anything else (a table description with
    dates) takes moto's way."""

    def execute_result(self, context):
        try:
            body = json.dumps(self.result)
        except TypeError:
            return original(self, context)
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    return execute_result


@cache
def _boto3_session():
    """One boto3 session, and so one set of clients (functions/engine/clients.py), for every
    embedded stack of the process. moto's start drops boto3's default session, and a new session
    and its clients load botocore's endpoint data and rules again (~0.1 s a client, 1 s a stack);
    moto's stubber is a handler of every botocore session, so the clients made in an earlier
    stack are intercepted by the running one all the same."""
    return boto3.session.Session()


@cache
def _parsed_once():
    """moto parses the whole ASL with ANTLR when a state machine is created (~0.8 s for ours) and
    again for every execution (~90 ms); parse each distinct definition once per process, for
    every embedded stack it starts (each test starts one). The program tree keeps no
    per-execution state (that lives in the execution's Environment), so executions can share it.
    """
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

    class ParsedOnce:
        parse = staticmethod(lru_cache(maxsize=64)(AmazonStateLanguageParser.parse))

    return ParsedOnce


class _UndoLogTransactions:
    """moto rolls a failed TransactWriteItems back by restoring a deep copy of each table it
    names, taken before every call: the cost grows with the table (a 10,000-row import spent
    most of its time copying). Here moto's copy of a table is the table itself, and the rollback
    restores only the items the transaction names, copied before it runs. Calls never overlap
    (DynamoDB requests are serialised, see ``_serialised``)."""

    def deepcopy(self, value, memo=None):
        import copy

        from moto.dynamodb.models.table import Table

        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    def __getattr__(self, name):
        import copy

        return getattr(copy, name)

    def around(self, original):
        def transact_write_items(backend, transact_items, *args, **kwargs):
            saved = self._saved(backend, transact_items)
            try:
                return original(backend, transact_items, *args, **kwargs)
            except Exception:
                for table, hash_key, range_key, item in reversed(saved):
                    self._put_back(table, hash_key, range_key, item)
                    query_index.refresh(table, hash_key, range_key)
                raise

        return transact_write_items

    @staticmethod
    def _saved(backend, transact_items) -> list[tuple]:
        import copy

        from moto.dynamodb.models.dynamo_type import DynamoType

        saved = []
        for entry in transact_items:
            for op in entry.values():
                table = backend.tables.get(op.get("TableName"))
                if table is None:
                    continue
                key = op.get("Key") or op.get("Item") or {}
                hash_value, range_value = key.get(table.hash_key_attr), None
                if hash_value is None:
                    continue
                hash_key = DynamoType(hash_value)
                if table.range_key_attr is not None:
                    range_value = key.get(table.range_key_attr)
                    if range_value is None:
                        continue
                range_key = DynamoType(range_value) if range_value is not None else None
                partition = table.items.get(hash_key)
                if range_key is None:
                    item = partition
                else:
                    item = partition.get(range_key) if partition is not None else None
                saved.append((table, hash_key, range_key, copy.deepcopy(item)))
        return saved

    @staticmethod
    def _put_back(table, hash_key, range_key, item) -> None:
        if range_key is None:
            if item is None:
                table.items.pop(hash_key, None)
            else:
                table.items[hash_key] = item
        elif item is None:
            table.items.get(hash_key, {}).pop(range_key, None)
        else:
            table.items[hash_key][range_key] = item


class _PagesNotCopied:
    """moto deep-copies the items of every page a query or a scan answers (a whole partition,
    when it fits in a page) so that answering cannot touch the stored items. Nothing in the
    answer changes them (a projection makes new items; the answer is written out as JSON at once,
    see ``_items_as_json``) and DynamoDB requests never overlap (``_serialised``), so a page is
    the stored items themselves. Anything else (a backup's copy of a table) is copied as
    before."""

    def deepcopy(self, value, memo=None):
        import copy

        from moto.dynamodb.models.dynamo_type import Item

        if isinstance(value, Item):
            return value
        if isinstance(value, list) and all(isinstance(v, Item) for v in value):
            return list(value)
        return copy.deepcopy(value, memo)

    def __getattr__(self, name):
        import copy

        return getattr(copy, name)


class _ScaledSleep:
    """Retry back-off in the emulation, shortened by ``factor`` (Wait-free tests and demo)."""

    def __init__(self, factor: float) -> None:
        self.factor = factor

    def sleep(self, seconds: float) -> None:
        import time

        time.sleep(seconds * self.factor)

    def __getattr__(self, name):
        import time

        return getattr(time, name)


def time_out_task(token: str) -> bool:
    """Time out the wait on ``token`` as the state's ``TimeoutSeconds`` would, so its
    ``States.Timeout`` catcher runs (moto times waits on real seconds, while the embedded clock is
    the calendar; SendTaskFailure may not name a ``States.`` error). False when nothing waits."""
    from moto.stepfunctions.parser.api import ExecutionStatus
    from moto.stepfunctions.parser.asl.eval.callback.callback import (
        CallbackNotifyConsumerError,
        CallbackOutcomeTimedOut,
    )

    execution = executions.execution_of(token)  # the one that issued it, not a walk of all
    if execution is None or execution.status != ExecutionStatus.RUNNING:
        return False
    try:
        outcome = CallbackOutcomeTimedOut(callback_id=token)
        return bool(execution.exec_worker.env.callback_pool_manager.notify(token, outcome))
    except CallbackNotifyConsumerError:  # the wait has ended meanwhile
        return False


def _send_task_failure_with_cause(self):
    """moto 5.2.5's SendTaskFailure drops ``cause``: the Catch then saw ``"Cause": null`` and a
    rejected task's reason was lost ("TaskRejected: None"). Pass it on, as AWS does."""
    from moto.stepfunctions.responses import EmptyResult

    self.stepfunction_backend.send_task_failure(
        self._get_param("taskToken"), error=self._get_param("error"), cause=self._get_param("cause")
    )
    return EmptyResult()


def _stop_ends_waits(original):
    """moto 5.2.5's StopExecution marks the program stopped but leaves a ``.waitForTaskToken``
    wait blocked until its timeout (days), so the execution stays RUNNING. On AWS it is ABORTED
    at once and its tokens are refused: end its waits (spent, :class:`_SpentTokens`)."""

    def stop(execution, stop_date, error, cause):
        original(execution, stop_date, error, cause)
        worker = execution.exec_worker
        if worker is not None and worker.env is not None:
            for endpoint in list(worker.env.callback_pool_manager._pool.values()):
                endpoint.interrupt_all()

    return stop


def _stopped_stays_stopped(original):
    """The wait a stop ended raises (a timed-out callback); moto lets that error replace the
    stop and the execution reads FAILED. On AWS a stopped execution is ABORTED, whatever its
    states were doing."""
    from moto.stepfunctions.parser.asl.eval.program_state import ProgramStopped

    def set_error(env, error):
        if isinstance(env._program_state, ProgramStopped):
            return
        original(env, error)

    return set_error


class _SpentTokens:
    """moto keeps a task token answerable after its wait has ended: a SendTaskSuccess on a token
    that timed out or was answered already is accepted (and ignored), and SendTaskHeartbeat is
    refused (InvalidToken) for a wait without HeartbeatSeconds. On AWS a spent token is refused
    (TaskTimedOut after a timeout, InvalidToken after an answer) and a heartbeat is accepted for
    any task still waiting. These wrappers of moto's callback pool give AWS's answers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @staticmethod
    def _spent(endpoint):
        """None while the wait is on; else the error a further answer gets."""
        from moto.stepfunctions.parser.asl.eval.callback.callback import (
            CallbackConsumerTimeout,
            CallbackNotifyConsumerError,
            CallbackOutcomeTimedOut,
        )

        outcome = endpoint.get_outcome()
        ended = getattr(endpoint, "_kinerja_ended", False)
        if outcome is None and not ended:
            return None
        if outcome is None or isinstance(outcome, CallbackOutcomeTimedOut):
            return CallbackNotifyConsumerError(CallbackConsumerTimeout())
        return False  # answered: InvalidToken

    def notify(self, original):
        def notify(pool, callback_id, outcome):
            with self._lock:
                endpoint = pool.get(callback_id)
                if endpoint is not None and (spent := self._spent(endpoint)) is not None:
                    if spent is False:
                        return False
                    raise spent
                return original(pool, callback_id, outcome)

        return notify

    def heartbeat(self, original):
        def heartbeat(pool, callback_id):
            with self._lock:
                endpoint = pool.get(callback_id)
                if endpoint is None:
                    return False
                if (spent := self._spent(endpoint)) is not None:
                    if spent is False:
                        return False
                    raise spent
                original(pool, callback_id)
                return True

        return heartbeat

    @staticmethod
    def interrupt_all(original):
        def interrupt_all(endpoint):
            endpoint._kinerja_ended = True  # the wait is over, however it ended
            return original(endpoint)

        return interrupt_all


def _parsed_paths(parse):
    """moto parses a JSONPath (``$.tenant_id``) with a new jsonpath_ng parser, which reads its
    grammar tables again, every time a state reads its input or writes its result: a tenth of
    the embedded stack's time. A parsed path keeps no state between ``find`` calls; parse each
    path once."""
    return lru_cache(maxsize=1024)(parse)


@cache
def _method_names(cls) -> list[str]:
    """moto lists a response class's methods with ``inspect.getmembers`` for every request to
    find the one an action names; the methods of a class do not change while it runs."""
    from moto.core.utils import method_names_from_class

    return method_names_from_class(cls)


class EmbeddedAws:
    """Start with :meth:`start`; everything lives in this process's memory until :meth:`stop`,
    unless ``data`` names a directory: then the table (and the KMS key of the webhook secrets)
    is kept there as well (functions/local/journal.py) and loaded back at the next start."""

    def __init__(
        self, retry_sleep_factor: float = 0.01, log_level: str | None = None, data=None
    ) -> None:
        from functions.local.journal import Journal

        self.journal = Journal(data) if data is not None else None
        self.loaded = 0  # items read back from the journal at start
        self.retry_sleep_factor = retry_sleep_factor
        self.log_level = log_level or ENV["POWERTOOLS_LOG_LEVEL"]
        self.metrics = metrics.Tally()  # what would be EMF lines on AWS (functions/metrics.py)
        self._patches: list = []
        self._seams: tuple | None = None
        self._mock: MockAWS | None = None
        self.function_arns: dict[str, str] = {}
        self.role_arn = ""
        self.secrets_key = ""

    def start(self) -> EmbeddedAws:
        from moto import mock_aws
        from moto.awslambda_simple.models import LambdaSimpleBackend
        from moto.core import responses as core_responses
        from moto.core.botocore_stubber import BotocoreStubber
        from moto.dynamodb import models as dynamodb_models
        from moto.dynamodb import responses as dynamodb_responses
        from moto.dynamodb.models import table as dynamodb_table
        from moto.stepfunctions import models as sfn_base_models
        from moto.stepfunctions import responses as sfn_responses
        from moto.stepfunctions.parser import models as sfn_models
        from moto.stepfunctions.parser.asl.component.common.path import result_path
        from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
        from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils
        from moto.stepfunctions.parser.asl.eval import environment as sfn_environment
        from moto.stepfunctions.parser.asl.eval.callback import callback
        from moto.stepfunctions.parser.asl.utils import json_path
        from moto.stepfunctions.parser.backend import execution as sfn_execution
        from moto.stepfunctions.parser.backend import execution_worker

        undo_log = _UndoLogTransactions()
        spent = _SpentTokens()
        pool = callback.CallbackPoolManager
        backend = dynamodb_models.DynamoDBBackend
        table = dynamodb_table.Table
        sfn = sfn_models.StepFunctionsParserBackend
        machine = sfn_base_models.StateMachine
        worker = execution_worker.ExecutionWorker
        self._patches = [
            mock.patch.object(table, "query", query_index.narrowed_query(table.query)),
            mock.patch.object(table, "put_item", query_index.indexed_put(table.put_item)),
            mock.patch.object(table, "delete_item", query_index.indexed_delete(table.delete_item)),
            mock.patch.object(
                backend, "update_item", query_index.indexed_update(backend.update_item)
            ),
            mock.patch.dict(os.environ, {**ENV, "POWERTOOLS_LOG_LEVEL": self.log_level}),
            mock.patch.object(dynamodb_models, "copy", undo_log),
            mock.patch.object(dynamodb_table, "copy", _PagesNotCopied()),
            mock.patch.object(
                backend, "transact_write_items", undo_log.around(backend.transact_write_items)
            ),
            mock.patch.object(LambdaSimpleBackend, "invoke", invoke_in_process),
            mock.patch.object(
                sfn_responses.StepFunctionResponse,
                "send_task_failure",
                _send_task_failure_with_cause,
            ),
            # a task callback, a start and a describe find their execution by key
            mock.patch.object(pool, "add", executions.issued(pool.add)),
            mock.patch.object(
                worker,
                "_get_evaluation_environment",
                executions.owned(worker._get_evaluation_environment),
            ),
            *(
                mock.patch.object(sfn, name, executions.about_token(getattr(sfn, name)))
                for name in ("send_task_success", "send_task_failure", "send_task_heartbeat")
            ),
            mock.patch.object(
                sfn, "_get_executions", executions.narrowed_executions(sfn._get_executions)
            ),
            mock.patch.object(
                machine,
                "_handle_name_input_idempotency",
                executions.idempotent_by_name(machine._handle_name_input_idempotency),
            ),
            mock.patch.object(
                sfn, "describe_execution", executions.described(sfn.describe_execution)
            ),
            mock.patch.object(json_path, "parse", _parsed_paths(json_path.parse)),
            mock.patch.object(result_path, "parse", _parsed_paths(result_path.parse)),
            mock.patch.object(core_responses, "method_names_from_class", _method_names),
            mock.patch.object(pool, "notify", spent.notify(pool.notify)),
            mock.patch.object(pool, "heartbeat", spent.heartbeat(pool.heartbeat)),
            mock.patch.object(
                sfn_execution.Execution, "stop", _stop_ends_waits(sfn_execution.Execution.stop)
            ),
            mock.patch.object(
                sfn_environment.Environment,
                "set_error",
                _stopped_stays_stopped(sfn_environment.Environment.set_error),
            ),
            mock.patch.object(
                callback.CallbackEndpoint,
                "interrupt_all",
                spent.interrupt_all(callback.CallbackEndpoint.interrupt_all),
            ),
            mock.patch.object(
                dynamodb_responses.DynamoResult,
                "execute_result",
                _items_as_json(dynamodb_responses.DynamoResult.execute_result),
            ),
            mock.patch.object(
                BotocoreStubber,
                "__call__",
                _serialised(BotocoreStubber.__call__, self.journal.flush if self.journal else None),
            ),
            mock.patch.object(retrier_decl, "time", _ScaledSleep(self.retry_sleep_factor)),
            mock.patch.object(execution_worker, "AmazonStateLanguageParser", _parsed_once()),
            mock.patch.object(sfn_models, "AmazonStateLanguageParser", _parsed_once()),
            mock.patch.object(
                lambda_eval_utils,
                "boto_client_for",
                _cached_clients(lambda_eval_utils.boto_client_for),
            ),
        ]
        if self.journal is not None:  # every change of an item is noted for the journal
            refresh = query_index.refresh
            self._patches.append(
                mock.patch.object(query_index, "refresh", self.journal.noting(refresh))
            )
        for patch in self._patches:
            patch.start()
        # the seams production code is handed its surroundings by (as the clock is)
        self._seams = (
            config.use(
                replace(config.Config.from_environment(), runtime="embedded", secure_cookies=False)
            ),
            dispatch.use(workers.run),
            simulations.use(workers.simulate),
            outbound.use_backoff_scale(self.retry_sleep_factor),
            metrics.use(self.metrics),
            logs.logger().log_level,
        )
        logs.logger().setLevel(self.log_level)
        self._mock = mock_aws(config=MOTO_CONFIG)
        self._mock.start()
        boto3.DEFAULT_SESSION = _boto3_session()
        _warm_routers()
        trust = {"Version": "2012-10-17", "Statement": []}
        self.role_arn = clients.client("iam").create_role(
            RoleName="kinerja-local", AssumeRolePolicyDocument=json.dumps(trust)
        )["Role"]["Arn"]
        self._create_resources()
        if self.journal is not None:
            self._restore()
        # the key webhook signing secrets are sealed with (functions/engine/envelope.py)
        config.use(replace(config.current(), secrets_key=self.secrets_key))
        return self

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop()
            self._mock = None
        for patch in reversed(self._patches):
            patch.stop()
        self._patches = []
        executions.forget()
        if self.journal is not None:
            self.journal.close()
        if self._seams is not None:
            previous_config, previous_runner, previous_simulator, previous_scale, sink, level = (
                self._seams
            )
            config.use(previous_config)
            dispatch.use(previous_runner)
            simulations.use(previous_simulator)
            outbound.use_backoff_scale(previous_scale)
            metrics.use(sink)
            logs.logger().setLevel(level)
            self._seams = None

    def __enter__(self) -> EmbeddedAws:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _create_resources(self) -> None:
        client = clients.client
        client("dynamodb").create_table(
            TableName=ENV["KINERJA_TABLE"], **project.table_properties()
        )
        client("dynamodb").update_time_to_live(  # as deployed (moto keeps it, expires nothing)
            TableName=ENV["KINERJA_TABLE"], TimeToLiveSpecification=project.time_to_live()
        )
        role = self.role_arn
        for key, handler in project.functions().items():
            arn = client("lambda").create_function(
                FunctionName=f"kinerja-local-{key}",
                Runtime="python3.11",
                Role=role,
                Handler=handler,
                Code={"ZipFile": b"in-process"},
            )["FunctionArn"]
            self.function_arns[project.logical_id(key)] = arn
        for name, workflow in (
            (STATE_MACHINE, "evaluation"),
            (REVIEW_STATE_MACHINE, "talent_review"),
        ):
            client("stepfunctions").create_state_machine(
                name=name, definition=project.definition(workflow, self.function_arns), roleArn=role
            )
        client("scheduler").create_schedule_group(Name=SCHEDULER_GROUP)
        self.secrets_key = client("kms").create_key(
            Description="kinerja-local webhook secrets", KeySpec="SYMMETRIC_DEFAULT"
        )["KeyMetadata"]["Arn"]

    def _restore(self) -> None:
        """Put the journal's items back into the new table, and use the KMS key of the first
        start (the webhook secrets stored in the table are sealed with it)."""
        from moto.dynamodb.models import dynamodb_backends
        from moto.kms.models import kms_backends

        journal = self.journal
        assert journal is not None
        table = dynamodb_backends[ACCOUNT][REGION].get_table(ENV["KINERJA_TABLE"])
        for image in journal.images(table.name):
            table.put_item(image)  # the patched put: the query index's maps too
            self.loaded += 1
        journal.forget_pending()  # what was just read back needs no writing
        kms = kms_backends[ACCOUNT][REGION]
        stored = journal.get("kms_key")
        key = kms.keys[self.secrets_key.rsplit("/", 1)[1]]
        if stored is None:
            material = base64.b64encode(key.key_material).decode()
            journal.set("kms_key", json.dumps({"id": key.id, "material": material}))
            return
        first = json.loads(stored)
        del kms.keys[key.id]
        key.id, key.key_material = first["id"], base64.b64decode(first["material"])
        key.arn = key.arn.rsplit("/", 1)[0] + f"/{key.id}"
        kms.keys[key.id] = key
        self.secrets_key = key.arn


def _warm_routers() -> None:
    """The first burst of concurrent executions can stall for seconds while moto builds its
    routers lazily; build them once, up front."""
    from moto.core.routing import get_service_router

    for service in ("lambda", "dynamodb", "stepfunctions", "scheduler", "kms"):
        get_service_router(service)
