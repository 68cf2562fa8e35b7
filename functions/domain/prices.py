"""What running the workflow costs on AWS: the one price list of the project (the dry run of a
draft, functions/local/simulation.py, and bench/demo_cost.py read it).

List prices in USD of the services a cycle uses, as AWS published them for US East (N. Virginia)
in 2025 (on-demand DynamoDB after its November 2024 price cut); Jakarta (ap-southeast-3) is
dearer by roughly a fifth to a third. An estimate to compare definitions with, not a bill: free
tiers, storage, logs, X-Ray and data transfer are left out, and a Lambda invocation is counted
at :data:`LAMBDA_SECONDS` seconds of the functions' :data:`LAMBDA_MEMORY_GB` (serverless.yml).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

STATE_TRANSITION = 0.025 / 1_000  # Step Functions Standard, per state transition
LAMBDA_REQUEST = 0.20 / 1_000_000  # per invocation
LAMBDA_GB_SECOND = 0.0000133334  # arm64, per GB-second
LAMBDA_MEMORY_GB = 0.5  # provider.memorySize 512 MB
LAMBDA_SECONDS = 0.1  # assumed duration of a step or an API request
DYNAMODB_WRITE = 0.625 / 1_000_000  # on-demand, per write request unit (1 KB)
DYNAMODB_READ = 0.125 / 1_000_000  # on-demand, per read request unit (4 KB, consistent)
SCHEDULER_INVOCATION = 1.00 / 1_000_000  # EventBridge Scheduler, per invocation
HTTP_API_REQUEST = 1.00 / 1_000_000  # API Gateway HTTP API, per request


@dataclass(frozen=True)
class Usage:
    """What one employee-year used (averages over the simulated cycles)."""

    state_transitions: float = 0.0
    lambda_invocations: float = 0.0  # steps, the API's requests, reminders, workers
    dynamodb_reads: float = 0.0  # read request units
    dynamodb_writes: float = 0.0  # write request units
    schedules: float = 0.0  # EventBridge Scheduler invocations (segments, reminders)
    api_requests: float = 0.0  # HTTP API requests (people and e-office systems)


def cost(usage: Usage) -> dict:
    """USD per item of ``usage`` and in total, rounded to millionths of a dollar."""
    lambda_each = LAMBDA_REQUEST + LAMBDA_GB_SECOND * LAMBDA_MEMORY_GB * LAMBDA_SECONDS
    parts = {
        "step_functions": usage.state_transitions * STATE_TRANSITION,
        "lambda": usage.lambda_invocations * lambda_each,
        "dynamodb": usage.dynamodb_reads * DYNAMODB_READ + usage.dynamodb_writes * DYNAMODB_WRITE,
        "scheduler": usage.schedules * SCHEDULER_INVOCATION,
        "api_gateway": usage.api_requests * HTTP_API_REQUEST,
    }
    rounded = {name: round(value, 6) for name, value in parts.items()}
    return {
        "usd": round(sum(parts.values()), 6),
        "parts": rounded,
        "usage": {k: round(v, 1) for k, v in asdict(usage).items()},
        "prices": "AWS list prices, US East, 2025 (functions/domain/prices.py)",
    }
