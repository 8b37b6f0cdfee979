import type * as pulumi from "@pulumi/pulumi";
import { colors, type Color } from "../stacks/outputs";
import type { Settings } from "../stacks/settings";
import {
  cacheMemberIds,
  rdsConnectionsThreshold,
  rdsDefaultMaxConnections,
  rdsFreeStorageThresholdBytes,
  rdsFreeableMemoryThresholdBytes,
  rdsInstanceMemoryGiB,
} from "./alarm-thresholds";

type Dimensions = Readonly<Record<string, pulumi.Input<string>>>;
type MissingData = "breaching" | "notBreaching" | "ignore" | "missing";

/** One alarm, before it becomes a MetricAlarm: a single metric or metric math. */
export interface AlarmSpec {
  /** Short, name-safe key, unique in the stack, e.g. `alb-target-5xx-rate`. */
  readonly key: string;
  readonly description: string;
  readonly comparison:
    "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanOrEqualToThreshold";
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
  readonly metric?: {
    readonly namespace: string;
    readonly name: string;
    readonly dimensions: Dimensions;
    /** Average, Sum, Maximum, Minimum, or a percentile like p95. */
    readonly stat: string;
  };
  /** Metric math: the `expression` over the named metrics (ids m1, m2, ...). */
  readonly math?: {
    readonly expression: string;
    readonly label: string;
    readonly metrics: Readonly<Record<string, NonNullable<AlarmSpec["metric"]>>>;
  };
}

/** What the alarms watch: names and ids of the resources, known at plan time or as outputs. */
export interface Watched {
  readonly loadBalancer: pulumi.Input<string>;
  readonly targetGroups: Readonly<Record<Color, pulumi.Input<string>>>;
  readonly clusterName: pulumi.Input<string>;
  readonly serviceNames: Readonly<Record<Color, string>>;
  readonly scheduleGroup: pulumi.Input<string>;
  readonly stack: string;
}

const sustained = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5 };
const fiveMinutes = { periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 };

/** The load balancer's alarms (AWS recommended alarms for Application Load Balancers). */
export function loadBalancerAlarms(a: Settings["alarms"], w: Watched): AlarmSpec[] {
  const lb = { LoadBalancer: w.loadBalancer };
  const elb = (name: string, stat: string, dimensions: Dimensions = lb) => ({
    namespace: "AWS/ApplicationELB",
    name,
    dimensions,
    stat,
  });
  return [
    {
      key: "alb-target-5xx-rate",
      description: `Target 5xx responses over ${a.targetErrorRatePercent}% of requests`,
      comparison: "GreaterThanThreshold",
      threshold: a.targetErrorRatePercent,
      ...fiveMinutes,
      // No requests: the expression has no value and the alarm stays quiet.
      treatMissingData: "notBreaching",
      math: {
        expression: "100 * FILL(m1, 0) / m2",
        label: "Target 5xx error rate (%)",
        metrics: { m1: elb("HTTPCode_Target_5XX_Count", "Sum"), m2: elb("RequestCount", "Sum") },
      },
    },
    alarm(
      "alb-elb-5xx",
      `Load balancer 5xx over ${a.elb5xxCount} in 5 minutes`,
      elb("HTTPCode_ELB_5XX_Count", "Sum"),
      "GreaterThanThreshold",
      a.elb5xxCount,
      fiveMinutes,
      "notBreaching",
    ),
    alarm(
      "alb-response-p95",
      `p95 response time over ${a.responseTimeP95Seconds} s`,
      elb("TargetResponseTime", "p95"),
      "GreaterThanThreshold",
      a.responseTimeP95Seconds,
      sustained,
      "notBreaching",
    ),
    alarm(
      "alb-response-p99",
      `p99 response time over ${a.responseTimeP99Seconds} s`,
      elb("TargetResponseTime", "p99"),
      "GreaterThanThreshold",
      a.responseTimeP99Seconds,
      sustained,
      "notBreaching",
    ),
    alarm(
      "alb-rejected-connections",
      "The load balancer rejected connections",
      elb("RejectedConnectionCount", "Sum"),
      "GreaterThanThreshold",
      a.rejectedConnections,
      fiveMinutes,
      "notBreaching",
    ),
    ...colors.map((color) =>
      alarm(
        `alb-unhealthy-${color}`,
        `Unhealthy ${color} targets`,
        elb("UnHealthyHostCount", "Maximum", { ...lb, TargetGroup: w.targetGroups[color] }),
        "GreaterThanThreshold",
        a.unhealthyHosts,
        sustained,
        "notBreaching",
      ),
    ),
  ];
}

/** Each colour's ECS alarms (AWS recommended alarms for ECS, Container Insights task count). */
export function serviceAlarms(a: Settings["alarms"], minTasks: number, w: Watched): AlarmSpec[] {
  return colors.flatMap((color) => {
    const dimensions = { ClusterName: w.clusterName, ServiceName: w.serviceNames[color] };
    const ecs = (name: string, namespace = "AWS/ECS") => ({
      namespace,
      name,
      dimensions,
      stat: "Average",
    });
    return [
      alarm(
        `ecs-${color}-cpu`,
        `${color} service CPU over ${a.ecsCpuPercent}%`,
        ecs("CPUUtilization"),
        "GreaterThanThreshold",
        a.ecsCpuPercent,
        sustained,
        "notBreaching",
      ),
      alarm(
        `ecs-${color}-memory`,
        `${color} service memory over ${a.ecsMemoryPercent}%`,
        ecs("MemoryUtilization"),
        "GreaterThanThreshold",
        a.ecsMemoryPercent,
        sustained,
        "notBreaching",
      ),
      // No datapoint means Container Insights saw no running task.
      alarm(
        `ecs-${color}-running-tasks`,
        `${color} service runs fewer than ${minTasks} tasks`,
        ecs("RunningTaskCount", "ECS/ContainerInsights"),
        "LessThanThreshold",
        minTasks,
        sustained,
        "breaching",
      ),
    ];
  });
}

/** The database's alarms (AWS recommended alarms for RDS). */
export function databaseAlarms(a: Settings["alarms"], db: Settings["database"]): AlarmSpec[] {
  const dimensions = { DBInstanceIdentifier: db.identifier };
  const rds = (name: string, stat = "Average") => ({
    namespace: "AWS/RDS",
    name,
    dimensions,
    stat,
  });
  const memoryGiB = rdsInstanceMemoryGiB(db.instanceClass);
  const maxConnections = a.rdsMaxConnections ?? rdsDefaultMaxConnections(memoryGiB ?? 0);
  const specs: AlarmSpec[] = [
    alarm(
      "rds-cpu",
      `Database CPU over ${a.rdsCpuPercent}%`,
      rds("CPUUtilization"),
      "GreaterThanThreshold",
      a.rdsCpuPercent,
      sustained,
      "breaching",
    ),
    alarm(
      "rds-free-storage",
      `Database free storage under ${a.rdsFreeStoragePercent}% of allocated`,
      rds("FreeStorageSpace", "Minimum"),
      "LessThanThreshold",
      rdsFreeStorageThresholdBytes(db.allocatedStorageGb, a.rdsFreeStoragePercent),
      sustained,
      "breaching",
    ),
    alarm(
      "rds-connections",
      `Database connections over ${a.rdsConnectionsPercent}% of ${maxConnections}`,
      rds("DatabaseConnections", "Maximum"),
      "GreaterThanThreshold",
      rdsConnectionsThreshold(maxConnections, a.rdsConnectionsPercent),
      sustained,
      "breaching",
    ),
    alarm(
      "rds-read-latency",
      `Database read latency (p90) over ${a.rdsReadLatencySeconds} s`,
      rds("ReadLatency", "p90"),
      "GreaterThanThreshold",
      a.rdsReadLatencySeconds,
      sustained,
      "notBreaching",
    ),
    alarm(
      "rds-write-latency",
      `Database write latency (p90) over ${a.rdsWriteLatencySeconds} s`,
      rds("WriteLatency", "p90"),
      "GreaterThanThreshold",
      a.rdsWriteLatencySeconds,
      sustained,
      "notBreaching",
    ),
  ];
  if (memoryGiB !== undefined) {
    specs.push(
      alarm(
        "rds-freeable-memory",
        `Database freeable memory under ${a.rdsFreeableMemoryPercent}% of ${memoryGiB} GiB`,
        rds("FreeableMemory", "Minimum"),
        "LessThanThreshold",
        rdsFreeableMemoryThresholdBytes(memoryGiB, a.rdsFreeableMemoryPercent),
        sustained,
        "breaching",
      ),
    );
  }
  return specs;
}

/** Each Redis node's alarms (AWS recommended alarms for ElastiCache); lag only on replicas. */
export function cacheAlarms(a: Settings["alarms"], cache: Settings["cache"]): AlarmSpec[] {
  return cacheMemberIds(cache.replicationGroupId, cache.nodes).flatMap((id, i) => {
    const redis = (name: string, stat = "Average") => ({
      namespace: "AWS/ElastiCache",
      name,
      dimensions: { CacheClusterId: id },
      stat,
    });
    const node = `node-${i + 1}`;
    const specs = [
      alarm(
        `cache-${node}-engine-cpu`,
        `Redis ${id} engine CPU over ${a.cacheEngineCpuPercent}%`,
        redis("EngineCPUUtilization"),
        "GreaterThanThreshold",
        a.cacheEngineCpuPercent,
        sustained,
        "breaching",
      ),
      alarm(
        `cache-${node}-memory`,
        `Redis ${id} memory over ${a.cacheMemoryPercent}%`,
        redis("DatabaseMemoryUsagePercentage"),
        "GreaterThanThreshold",
        a.cacheMemoryPercent,
        sustained,
        "breaching",
      ),
      alarm(
        `cache-${node}-evictions`,
        `Redis ${id} evicted over ${a.cacheEvictions} keys in 5 minutes`,
        redis("Evictions", "Sum"),
        "GreaterThanThreshold",
        a.cacheEvictions,
        fiveMinutes,
        "notBreaching",
      ),
      alarm(
        `cache-${node}-connections`,
        `Redis ${id} over ${a.cacheConnections} connections`,
        redis("CurrConnections", "Maximum"),
        "GreaterThanThreshold",
        a.cacheConnections,
        sustained,
        "breaching",
      ),
    ];
    if (i > 0) {
      specs.push(
        alarm(
          `cache-${node}-replication-lag`,
          `Redis replica ${id} over ${a.cacheReplicationLagSeconds} s behind`,
          redis("ReplicationLag", "Maximum"),
          "GreaterThanThreshold",
          a.cacheReplicationLagSeconds,
          sustained,
          "breaching",
        ),
      );
    }
    return specs;
  });
}

/** Backup freshness and the scheduler's failures. */
export function operationsAlarms(a: Settings["alarms"], w: Watched): AlarmSpec[] {
  const scheduler = (name: string) => ({
    namespace: "AWS/Scheduler",
    name,
    dimensions: { ScheduleGroup: w.scheduleGroup },
    stat: "Sum",
  });
  return [
    alarm(
      "backup-freshness",
      `No successful backup recorded in ${a.backupMaxAgeHours} hours`,
      {
        namespace: a.metricsNamespace,
        name: "BackupSucceeded",
        dimensions: { Stack: w.stack },
        stat: "Sum",
      },
      "LessThanThreshold",
      1,
      {
        periodSeconds: 3600,
        evaluationPeriods: a.backupMaxAgeHours,
        datapointsToAlarm: a.backupMaxAgeHours,
      },
      // An hour without a datapoint is an hour without a successful backup.
      "breaching",
    ),
    alarm(
      "scheduler-target-errors",
      "Scheduled runbook tasks failed to start",
      scheduler("TargetErrorCount"),
      "GreaterThanThreshold",
      a.schedulerTargetErrors,
      fiveMinutes,
      "notBreaching",
    ),
    alarm(
      "scheduler-dropped",
      "Scheduler dropped invocations after its retries",
      scheduler("InvocationDroppedCount"),
      "GreaterThanThreshold",
      0,
      fiveMinutes,
      "notBreaching",
    ),
  ];
}

function alarm(
  key: string,
  description: string,
  metric: NonNullable<AlarmSpec["metric"]>,
  comparison: AlarmSpec["comparison"],
  threshold: number,
  window: Pick<AlarmSpec, "periodSeconds" | "evaluationPeriods" | "datapointsToAlarm">,
  treatMissingData: MissingData,
): AlarmSpec {
  return { key, description, metric, comparison, threshold, ...window, treatMissingData };
}
