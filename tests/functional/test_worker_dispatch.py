"""The worker hand-off on AWS (moto): a job now is an async Lambda invoke, a job later (an
outbound retry) a delayed message of the retry queue, which the worker reads back as an SQS
batch. Nothing sleeps inside the worker."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from moto import mock_aws

from functions import config
from functions.engine import dispatch
from functions.webhooks import outbound, worker


@pytest.fixture
def queue():
    with mock_aws():
        import boto3

        sqs = boto3.client("sqs", region_name="ap-southeast-3")
        url = sqs.create_queue(QueueName="kinerja-ci-webhook-retries")["QueueUrl"]
        previous = config.use(config.Config(worker_retry_queue_url=url))
        runner = dispatch.use(None)
        try:
            yield sqs, url
        finally:
            config.use(previous)
            dispatch.use(runner)


def test_a_retry_later_is_a_delayed_message_of_the_retry_queue(queue):
    sqs, url = queue
    dispatch.submit_outbound("t0123456789", "wo_1", "msg_1", delay=12.4)
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessagesDelayed"] == "1"
    dispatch.submit_outbound("t0123456789", "wo_1", "msg_2", delay=5000)  # SQS's limit: 900 s
    assert sqs.receive_message(QueueUrl=url).get("Messages") is None  # both still delayed


def test_the_worker_runs_each_job_of_a_queue_batch():
    jobs = [
        {"job": "outbound", "tenant_id": "t0123456789", "subscription_id": "wo_1",
         "message_id": f"msg_{n}"}
        for n in range(2)
    ]  # fmt: skip
    event = {"Records": [{"eventSource": "aws:sqs", "body": json.dumps(j)} for j in jobs]}
    with mock.patch.object(outbound, "send", return_value="sent") as send:
        result = worker.handler(event)
    assert [c.args for c in send.call_args_list] == [
        ("t0123456789", "wo_1", "msg_0"),
        ("t0123456789", "wo_1", "msg_1"),
    ]
    assert [r["status"] for r in result["results"]] == ["sent", "sent"]


def test_the_back_off_is_full_jitter_under_an_exponential_ceiling():
    previous = outbound.use_backoff_scale(1.0)
    try:
        first = [outbound.delay(1) for _ in range(200)]
        second = [outbound.delay(2) for _ in range(200)]
    finally:
        outbound.use_backoff_scale(previous)
    assert min(first) >= 0 and max(first) <= outbound.BACKOFF
    assert max(second) <= outbound.BACKOFF * outbound.BACKOFF_RATE
    assert len(set(first)) > 100  # spread, not one fixed wait
    assert max(second) > outbound.BACKOFF  # the ceiling grows
