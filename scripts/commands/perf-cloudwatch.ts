import { StackOutputs } from "../../stacks/outputs";
import { MetricRequest, MetricSummary } from "../adapters/cloudwatch";
import { CommandContext } from "../core/command";
import { messageOf } from "../core/errors";

/** CloudWatch applies when the outputs name a real load balancer (not the local target). */
export function hasCloudWatchMetrics(outputs: StackOutputs): boolean {
  return /^arn:aws[a-z-]*:elasticloadbalancing:/.test(outputs.loadBalancerArn);
}

/** `app/<name>/<id>`: the LoadBalancer dimension, the part of the ARN after `loadbalancer/`. */
export function loadBalancerDimension(loadBalancerArn: string): string {
  const marker = ":loadbalancer/";
  const at = loadBalancerArn.indexOf(marker);
  return at === -1 ? loadBalancerArn : loadBalancerArn.slice(at + marker.length);
}

/** The metrics a monthly review reads: traffic and latency at the ALB, load on the database. */
export function perfMetricRequests(outputs: StackOutputs): MetricRequest[] {
  const loadBalancer = { LoadBalancer: loadBalancerDimension(outputs.loadBalancerArn) };
  const instance = { DBInstanceIdentifier: outputs.database.instanceIdentifier };
  const alb = "AWS/ApplicationELB";
  const rds = "AWS/RDS";
  return [
    metric("albRequests", "ALB requests", alb, "RequestCount", loadBalancer, "Sum"),
    metric(
      "albLatency",
      "ALB target response time (s)",
      alb,
      "TargetResponseTime",
      loadBalancer,
      "Average",
    ),
    metric("alb5xx", "ALB target 5xx", alb, "HTTPCode_Target_5XX_Count", loadBalancer, "Sum"),
    metric("rdsCpu", "RDS CPU %", rds, "CPUUtilization", instance, "Average"),
    metric("rdsConnections", "RDS connections", rds, "DatabaseConnections", instance, "Maximum"),
  ];
}

function metric(
  id: string,
  label: string,
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  stat: MetricRequest["stat"],
): MetricRequest {
  return { id, label, namespace, metricName, dimensions, stat };
}

export type CloudWatchReport =
  | { readonly status: "ok"; readonly days: number; readonly metrics: MetricSummary[] }
  | { readonly status: "not-applicable"; readonly reason: string }
  | { readonly status: "unavailable"; readonly error: string };

/** Summaries of the stack's CloudWatch metrics over the last `days`, where it has them. */
export async function reviewCloudWatch(
  context: CommandContext,
  days: number,
): Promise<CloudWatchReport> {
  const outputs = context.target.outputs;
  if (!hasCloudWatchMetrics(outputs)) {
    return { status: "not-applicable", reason: "the target has no AWS load balancer (local)" };
  }
  const end = context.now();
  const start = new Date(end.getTime() - days * 86400 * 1000);
  try {
    const metrics = await context.cloudWatch().summarise(perfMetricRequests(outputs), start, end);
    return { status: "ok", days, metrics };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${messageOf(error)}` : messageOf(error);
    return {
      status: "unavailable",
      error:
        `CloudWatch in ${outputs.region}: ${reason}; ` +
        `check credentials and cloudwatch:GetMetricData`,
    };
  }
}
