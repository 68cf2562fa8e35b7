"""Step Functions calls on the embedded stack that find their execution by key, not by a walk.

moto looks an execution up by walking lists (issue 14): ``SendTaskSuccess``,
``SendTaskFailure`` and ``SendTaskHeartbeat`` ask the callback pool of *every* execution the
process has started whether it knows the token; ``StartExecution`` walks the state machine's
executions for one of the same name; ``DescribeExecution`` walks them for the ARN. A year of N
employees starts about five executions each and answers about ten tokens each, so each of those
calls grew with N and the year with N². Here:

- every callback pool records the tokens it issues in one map (token → pool), and each pool
  knows its execution, so a task callback goes to the one execution that issued the token;
- a state machine's execution list also keeps them by name and by ARN.

moto's own methods still do the work (the same answers and errors): they are only handed the
one execution instead of all of them. The maps belong to the running embedded stack
(:func:`forget` at its stop).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_tokens: dict[str, Any] = {}  # task token → the CallbackPoolManager that issued it
_asking = threading.local()  # .token: the token the current call is about
EXECUTION = "_kinerja_execution"  # attribute of a CallbackPoolManager: its execution


def forget() -> None:
    _tokens.clear()


def issued(original: Callable) -> Callable:
    """``CallbackPoolManager.add``: note which pool issued the token."""

    def add(pool, callback_id):
        endpoint = original(pool, callback_id)
        _tokens[callback_id] = pool
        return endpoint

    return add


def owned(original: Callable) -> Callable:
    """``ExecutionWorker._get_evaluation_environment``: the new environment's callback pool
    knows its execution."""

    def environment(worker):
        env = original(worker)
        setattr(env.callback_pool_manager, EXECUTION, worker._execution_communication.execution)
        return env

    return environment


def execution_of(token: str):
    """The execution that issued ``token``, or None (a token nobody issued)."""
    pool = _tokens.get(token)
    return None if pool is None else getattr(pool, EXECUTION, None)


def about_token(original: Callable) -> Callable:
    """A backend method whose first argument is a task token: while it runs, the backend's
    ``_get_executions`` answers with the token's execution only."""

    def call(backend, task_token, *args: Any, **kwargs: Any):
        _asking.token = task_token
        try:
            return original(backend, task_token, *args, **kwargs)
        finally:
            _asking.token = None

    return call


def narrowed_executions(original: Callable) -> Callable:
    """``StepFunctionsParserBackend._get_executions``: within a token's call, its one execution
    (in the status asked, as moto filters them); otherwise every execution, as moto does."""

    def get_executions(backend, execution_status=None):
        token = getattr(_asking, "token", None)
        if token is None:
            return original(backend, execution_status)
        pool = _tokens.get(token)
        if pool is None:
            return []  # nobody issued it: moto's walk would find nothing either
        execution = getattr(pool, EXECUTION, None)
        if execution is None:  # pragma: no cover - every pool is made by a worker
            return original(backend, execution_status)
        if execution_status is None or execution_status == execution.status:
            return [execution]
        return []

    return get_executions


class _Executions(list):
    """A state machine's executions in order, and by name and ARN."""

    def __init__(self, executions=()) -> None:
        super().__init__(executions)
        self.by_name = {e.name: e for e in self}
        self.by_arn = {e.execution_arn: e for e in self}

    def append(self, execution) -> None:
        super().append(execution)
        self.by_name[execution.name] = execution
        self.by_arn[execution.execution_arn] = execution


def _indexed(state_machine) -> _Executions:
    executions = state_machine.executions
    if not isinstance(executions, _Executions):
        executions = state_machine.executions = _Executions(executions)
    return executions


def idempotent_by_name(original: Callable) -> Callable:
    """``StateMachine._handle_name_input_idempotency``: moto's rule, about the execution of that
    name only (the same input while it runs: that execution; otherwise ExecutionAlreadyExists).
    ``original`` is kept for the patch's symmetry; the list it walks is not walked."""
    from moto.stepfunctions.exceptions import ExecutionAlreadyExists

    def handle(state_machine, name, execution_input):
        execution = _indexed(state_machine).by_name.get(name)
        if execution is None:
            return None
        if execution_input == execution.execution_input and execution.status == "RUNNING":
            return execution
        raise ExecutionAlreadyExists("Execution Already Exists: '" + execution.execution_arn + "'")

    return handle


def described(original: Callable) -> Callable:
    """The backend's ``describe_execution`` (``get_execution_history`` asks it too): the
    execution of that ARN from the map, by moto's walk (and its errors) when it is not there."""

    def describe_execution(backend, execution_arn):
        backend._validate_execution_arn(execution_arn)
        try:
            machine = backend._get_state_machine_for_execution(execution_arn)
        except Exception:
            return original(backend, execution_arn)
        found = _indexed(machine).by_arn.get(execution_arn)
        return found if found is not None else original(backend, execution_arn)

    return describe_execution
