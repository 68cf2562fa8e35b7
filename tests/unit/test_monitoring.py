"""What the deployable watches (infra/monitoring.yml, serverless.yml, infra/iam.yml): the alarms,
the metrics they read, the dashboard, the state machine's and the HTTP API's logs, throttling,
tracing and the worker's queues. Read from the source files; when infra/package.sh has built the
template, checked there too (docs/deploy.md lists these)."""

from __future__ import annotations

import json
import re

import pytest

from functions import metrics
from functions.local.project import ROOT, load_yaml

MONITORING = load_yaml(ROOT / "infra" / "monitoring.yml")
SERVERLESS = load_yaml(ROOT / "serverless.yml")
IAM = load_yaml(ROOT / "infra" / "iam.yml")
TEMPLATE = ROOT / ".serverless" / "cloudformation-template-update-stack.json"
DIMENSIONS = "${file(infra/monitoring.yml):Fragments.dimensions}"
FRAGMENT = re.compile(r"^\$\{file\(infra/monitoring\.yml\):Fragments\.(\w+)\.(\w+)\}$")

# alarm → (namespace, metric) it watches; a metric-math alarm: ("AWS/Lambda", metric)
ALARMS = {
    "ExecutionsFailedAlarm": ("AWS/States", "ExecutionsFailed"),
    "CyclesFailedAlarm": ("Kinerja", metrics.CYCLES_FAILED),
    "StepErrorsAlarm": ("AWS/Lambda", "Errors"),
    "StepThrottlesAlarm": ("AWS/Lambda", "Throttles"),
    "EdgeErrorsAlarm": ("AWS/Lambda", "Errors"),
    "EdgeThrottlesAlarm": ("AWS/Lambda", "Throttles"),
    "WebhookDeadLettersAlarm": ("Kinerja", metrics.DELIVERIES_DEAD),
    "WebhookWorkerFailuresAlarm": ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
    "OverdueTasksAlarm": ("Kinerja", metrics.TASKS_OVERDUE),
    "NotificationsFailedAlarm": ("Kinerja", metrics.NOTIFICATIONS_FAILED),
    "ReviewExecutionsFailedAlarm": ("AWS/States", "ExecutionsFailed"),
    "ReviewStepErrorsAlarm": ("AWS/Lambda", "Errors"),
    "ReviewStepThrottlesAlarm": ("AWS/Lambda", "Throttles"),
}
STEPS = {"loadCycle", "plan", "humanTask", "monitor", "coach", "assess", "boundary", "decide",
         "recordFailure", "notify", "reviewWave", "reviewTask", "reviewLapse",
         "reviewFinish"}  # fmt: skip


def alarms() -> dict[str, dict]:
    resources = MONITORING["Resources"]
    return {k: r["Properties"] for k, r in resources.items() if r["Type"].endswith("::Alarm")}


def math_metrics(properties: dict) -> list[dict]:
    group, metric = FRAGMENT.match(properties["Metrics"]).groups()
    return MONITORING["Fragments"][group][metric]


def test_every_alarm_watches_its_metric_and_notifies_the_topic():
    assert set(alarms()) == set(ALARMS)
    for name, properties in alarms().items():
        namespace, metric = ALARMS[name]
        if "Metrics" in properties:
            (total, *watched) = math_metrics(properties)
            assert total["Expression"] == "SUM(METRICS())" and total["ReturnData"] is True
            assert len(watched) <= 10  # CloudWatch: an alarm watches at most 10 metrics
            for entry in watched:
                assert entry["ReturnData"] is False
                assert entry["MetricStat"]["Metric"]["Namespace"] == namespace
                assert entry["MetricStat"]["Metric"]["MetricName"] == metric
        else:
            assert (properties["Namespace"], properties["MetricName"]) == (namespace, metric)
        if namespace == "Kinerja":  # the dimensions the EMF lines carry, never the tenant
            assert properties["Dimensions"] == DIMENSIONS
        assert properties["AlarmActions"] == [{"Ref": "AlarmTopic"}]
        assert properties["TreatMissingData"] == "notBreaching"


def test_lambda_alarms_cover_every_function_of_serverless_yml_once():
    watched = {"Errors": [], "Throttles": []}
    for name in ("StepErrorsAlarm", "StepThrottlesAlarm", "EdgeErrorsAlarm", "EdgeThrottlesAlarm",
                 "ReviewStepErrorsAlarm", "ReviewStepThrottlesAlarm"):  # fmt: skip
        for entry in math_metrics(alarms()[name])[1:]:
            metric = entry["MetricStat"]["Metric"]
            (dimension,) = metric["Dimensions"]
            logical = dimension["Value"]["Ref"]
            assert logical == entry["Id"][0].upper() + entry["Id"][1:] + "LambdaFunction"
            watched[metric["MetricName"]].append(entry["Id"])
            assert (entry["Id"] in STEPS) == name.startswith(("Step", "ReviewStep"))
    for ids in watched.values():
        assert sorted(ids) == sorted(SERVERLESS["functions"])


def test_the_metric_alarms_read_names_the_code_counts():
    kinerja = {m for ns, m in ALARMS.values() if ns == "Kinerja"}
    assert kinerja <= set(metrics.NAMES)


def test_the_alarm_topic_takes_an_optional_email():
    resources = MONITORING["Resources"]
    assert resources["AlarmTopic"]["Type"] == "AWS::SNS::Topic"
    subscription = resources["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"
    assert subscription["Properties"]["Endpoint"] == '${param:alarmEmail, ""}'
    assert "HasAlarmEmail" in MONITORING["Conditions"]


def test_the_dashboard_is_json_showing_every_alarm_and_the_business_metrics():
    template, names = MONITORING["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    assert set(names) == {"Stage"}
    body = json.loads(re.sub(r"\$\{([\w.:]+)\}", r"\1", template))
    shown = json.dumps(body)
    (panel,) = [w for w in body["widgets"] if w["type"] == "alarm"]
    assert {a.removesuffix(".Arn") for a in panel["properties"]["alarms"]} == set(ALARMS)
    for name in metrics.NAMES:
        assert f'"{name}"' in shown


@pytest.mark.parametrize(
    ("key", "group_id"),
    [("evaluation", "EvaluationStateMachineLogGroup"),
     ("talentReview", "TalentReviewStateMachineLogGroup")],
)  # fmt: skip
def test_the_state_machine_logs_errors_without_execution_data_and_is_traced(key, group_id):
    machine = SERVERLESS["stepFunctions"]["stateMachines"][key]
    logging = machine["loggingConfig"]
    assert logging["level"] == "ERROR" and logging["includeExecutionData"] is False
    assert logging["destinations"] == [{"Fn::GetAtt": [group_id, "Arn"]}]
    assert machine["tracingConfig"] == {"enabled": True}
    group = MONITORING["Resources"][group_id]["Properties"]
    assert group["LogGroupName"].startswith("/aws/vendedlogs/states/")


def test_the_http_api_logs_each_request_without_its_path_and_is_throttled():
    provider = SERVERLESS["provider"]
    access = json.loads(provider["logs"]["httpApi"]["format"])
    assert "$context.requestId" in access.values()
    assert not any("path" in v.lower() or "querystring" in v.lower() for v in access.values())
    (extension,) = [r["extensions"] for r in SERVERLESS["resources"] if "extensions" in r]
    settings = extension["HttpApiStage"]["Properties"]["DefaultRouteSettings"]
    assert {"ThrottlingRateLimit", "ThrottlingBurstLimit"} <= set(settings)


def test_every_function_is_traced_and_every_lambda_role_may_write_traces():
    assert SERVERLESS["provider"]["tracing"]["lambda"] is True
    assert SERVERLESS["provider"]["environment"]["KINERJA_TRACING"] == "on"
    roles = {fn["role"] for fn in SERVERLESS["functions"].values()}
    for role in roles:
        statements = IAM["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]
        assert "${file(infra/iam.yml):Fragments.xrayWrite}" in statements["Statement"], role


def test_the_worker_has_a_failure_destination_and_a_retry_queue():
    worker = SERVERLESS["functions"]["webhookWorker"]
    assert worker["destinations"]["onFailure"]["type"] == "sqs"
    assert worker["destinations"]["onFailure"]["arn"] == {
        "Fn::GetAtt": ["WebhookWorkerFailureQueue", "Arn"]
    }
    (event,) = worker["events"]
    assert event["sqs"]["arn"] == {"Fn::GetAtt": ["WebhookRetryQueue", "Arn"]}
    queue = MONITORING["Resources"]["WebhookRetryQueue"]["Properties"]
    assert queue["VisibilityTimeout"] >= 6 * worker["timeout"]


@pytest.mark.skipif(not TEMPLATE.exists(), reason="infra/package.sh has not built the template")
def test_the_built_template_holds_them_all():
    resources = json.loads(TEMPLATE.read_text())["Resources"]
    for name in ALARMS:
        assert resources[name]["Type"] == "AWS::CloudWatch::Alarm"
    machine = resources["EvaluationStateMachine"]["Properties"]
    assert machine["LoggingConfiguration"]["Level"] == "ERROR"
    assert machine["LoggingConfiguration"]["IncludeExecutionData"] is False
    assert machine["TracingConfiguration"] == {"Enabled": True}
    stage = resources["HttpApiStage"]["Properties"]
    assert "ThrottlingRateLimit" in stage["DefaultRouteSettings"] and stage["AccessLogSettings"]
    destination = resources["WebhookWorkerLambdaEvConf"]["Properties"]["DestinationConfig"]
    assert destination["OnFailure"]["Destination"] == {
        "Fn::GetAtt": ["WebhookWorkerFailureQueue", "Arn"]
    }
    assert resources["WebhookWorkerLambdaFunction"]["Properties"]["TracingConfig"] == {
        "Mode": "Active"
    }
    assert resources["Dashboard"]["Type"] == "AWS::CloudWatch::Dashboard"


def test_the_secrets_key_rotates_is_kept_and_only_the_api_and_worker_may_use_it():
    key = load_yaml(ROOT / "infra" / "secrets.yml")["Resources"]["SecretsKey"]
    assert key["DeletionPolicy"] == "Retain" and key["Properties"]["EnableKeyRotation"] is True
    env = SERVERLESS["provider"]["environment"]
    assert env["SECRETS_KEY_ID"] == {"Fn::GetAtt": ["SecretsKey", "Arn"]}
    granted: dict[str, set[str]] = {}
    for role, resource in IAM["Resources"].items():
        for policy in resource["Properties"].get("Policies", []):
            for statement in policy["PolicyDocument"]["Statement"]:
                if not isinstance(statement, dict):  # a ${file(...)} fragment
                    continue
                actions = statement["Action"]
                if any(
                    a.startswith("kms:")
                    for a in ([actions] if isinstance(actions, str) else actions)
                ):
                    assert statement["Resource"] == {"Fn::GetAtt": ["SecretsKey", "Arn"]}
                    granted.setdefault(role, set()).update(
                        [actions] if isinstance(actions, str) else actions
                    )
    assert granted == {  # which kinds of secret each opens: tests/unit/test_privileges.py
        "ApiRole": {"kms:GenerateDataKey", "kms:Decrypt"},
        "WebhookWorkerRole": {"kms:Decrypt"},
    }
