import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { StackOutputs } from "../../stacks/outputs";
import { s3EndpointEnvVar } from "./backup-store";

/** Environment variable that turns metric publishing off (`off`). */
export const metricsEnvVar = "RUNBOOK_METRICS";

/** One datapoint to publish. */
export interface MetricDatum {
  readonly namespace: string;
  readonly name: string;
  readonly value: number;
  readonly unit: "Count" | "Seconds" | "Bytes";
  readonly dimensions: Readonly<Record<string, string>>;
  readonly timestamp: Date;
}

/** Publishes custom metrics. The real one is CloudWatch PutMetricData; tests use a fake. */
export interface MetricsPublisher {
  publish(datum: MetricDatum): Promise<void>;
}

export class CloudWatchPublisher implements MetricsPublisher {
  constructor(private readonly client: CloudWatchClient) {}

  static forRegion(region: string): CloudWatchPublisher {
    return new CloudWatchPublisher(new CloudWatchClient({ region }));
  }

  async publish(datum: MetricDatum): Promise<void> {
    await this.client.send(
      new PutMetricDataCommand({
        Namespace: datum.namespace,
        MetricData: [
          {
            MetricName: datum.name,
            Value: datum.value,
            Unit: datum.unit,
            Timestamp: datum.timestamp,
            Dimensions: Object.entries(datum.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
        ],
      }),
    );
  }
}

/** Where metrics go for a run: a publisher, or the reason none is published. */
export type MetricsTarget = { readonly publisher: MetricsPublisher } | { readonly skipped: string };

/**
 * The real choice: CloudWatch in the target's region, except when turned off
 * (RUNBOOK_METRICS=off) or for the local target (loadBalancerArn `local`, or an S3 endpoint
 * override), which has no CloudWatch to publish to.
 */
export function realMetricsTarget(outputs: StackOutputs, env: NodeJS.ProcessEnv): MetricsTarget {
  if (env[metricsEnvVar] === "off") return { skipped: `${metricsEnvVar}=off` };
  if (outputs.loadBalancerArn === "local") return { skipped: "local target (no CloudWatch)" };
  if ((env[s3EndpointEnvVar] ?? "") !== "") {
    return { skipped: `${s3EndpointEnvVar} is set (local S3, no CloudWatch)` };
  }
  return { publisher: CloudWatchPublisher.forRegion(outputs.region) };
}
