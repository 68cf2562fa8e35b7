"""boto3 clients, created on first use and cached (nothing talks to AWS at import time).

boto3 itself is imported on first use too: PynamoDB needs only botocore, so the steps that never
call Step Functions or the Scheduler start ~15 ms faster (bench/cold_start.py).
"""

from __future__ import annotations

from functools import cache

from functions import config


@cache
def client(service: str):
    import boto3

    return boto3.client(service, region_name=config.current().region)
