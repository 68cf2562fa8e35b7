"""boto3 clients, created on first use and cached (nothing talks to AWS at import time).

boto3 itself is imported on first use too: PynamoDB needs only botocore, so the steps that never
call Step Functions or the Scheduler start ~15 ms faster (bench/cold_start.py).
"""

from __future__ import annotations

import os
from functools import cache


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION", "ap-southeast-3")


@cache
def client(service: str):
    import boto3

    return boto3.client(service, region_name=region())
