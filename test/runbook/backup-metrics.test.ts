import assert from "node:assert/strict";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchPublisher, realMetricsTarget } from "../../scripts/adapters/metrics-publisher";
import { localOutputs } from "./support/fixtures";

describe("BackupSucceeded publishing (CloudWatch SDK mocked)", function () {
  it("sends one PutMetricData with namespace, name, unit and Stack dimension", async function () {
    const cloudWatch = mockClient(CloudWatchClient);
    cloudWatch.on(PutMetricDataCommand).resolves({});
    const timestamp = new Date("2026-01-31T01:00:00Z");

    await new CloudWatchPublisher(new CloudWatchClient({ region: "eu-west-1" })).publish({
      namespace: "AiSkills/Prod",
      name: "BackupSucceeded",
      value: 1,
      unit: "Count",
      dimensions: { Stack: "prod" },
      timestamp,
    });

    const calls = cloudWatch.commandCalls(PutMetricDataCommand);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].args[0].input, {
      Namespace: "AiSkills/Prod",
      MetricData: [
        {
          MetricName: "BackupSucceeded",
          Value: 1,
          Unit: "Count",
          Timestamp: timestamp,
          Dimensions: [{ Name: "Stack", Value: "prod" }],
        },
      ],
    });
    cloudWatch.restore();
  });

  it("publishes for a real stack; not for local, S3 override, RUNBOOK_METRICS=off", function () {
    const prod = { ...localOutputs(), stack: "prod", loadBalancerArn: "arn:aws:elb:x" };
    assert.ok("publisher" in realMetricsTarget(prod, {}));
    assert.deepEqual(realMetricsTarget(prod, { RUNBOOK_METRICS: "off" }), {
      skipped: "RUNBOOK_METRICS=off",
    });
    assert.ok("skipped" in realMetricsTarget(prod, { RUNBOOK_S3_ENDPOINT: "http://127.0.0.1:1" }));
    assert.deepEqual(realMetricsTarget(localOutputs(), {}), {
      skipped: "local target (no CloudWatch)",
    });
  });
});
