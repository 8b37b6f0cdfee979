import { z } from "zod";

/**
 * The alarms section: the SNS topic's subscriptions and every alarm threshold. Each default
 * follows a published recommendation, named beside it in `stacks/defaults-app.ts`; "AWS
 * recommended alarms" is CloudWatch's "Recommended alarms" page for each service.
 */

const percent = z.number().min(0).max(100);
const count = z.number().int().min(0);
const seconds = z.number().positive();

const subscriptionSchema = z
  .object({
    /** `email` or `https`. */
    protocol: z.enum(["email", "https"]),
    /** An email address or an https:// URL. */
    endpoint: z.string().min(3),
  })
  .strict();

export const alarmsSchema = z
  .object({
    /** Who the alarm topic notifies. Default none. */
    subscriptions: z.array(subscriptionSchema),
    /** CloudWatch namespace of the runbook's custom metrics. Default AISkills/Operations. */
    metricsNamespace: z.string().regex(/^[A-Za-z0-9./#:_ -]{1,255}$/, "a CloudWatch namespace"),
    /** ALB target 5xx responses as a percent of requests. Default 5. */
    targetErrorRatePercent: percent,
    /** 5xx responses the load balancer itself sends per 5 minutes. Default 10. */
    elb5xxCount: count,
    /** p95 target response time, seconds. Default 1. */
    responseTimeP95Seconds: seconds,
    /** p99 target response time, seconds. Default 2.5. */
    responseTimeP99Seconds: seconds,
    /** Unhealthy targets per colour tolerated. Default 0. */
    unhealthyHosts: count,
    /** Connections the ALB rejects per 5 minutes (at its connection limit). Default 0. */
    rejectedConnections: count,
    /** ECS service average CPU percent. Default 90. */
    ecsCpuPercent: percent,
    /** ECS service average memory percent. Default 90. */
    ecsMemoryPercent: percent,
    /** RDS CPU percent. Default 90. */
    rdsCpuPercent: percent,
    /** RDS free storage as a percent of allocated storage. Default 10. */
    rdsFreeStoragePercent: percent,
    /** RDS freeable memory as a percent of the instance class's memory. Default 25. */
    rdsFreeableMemoryPercent: percent,
    /** RDS connections as a percent of max_connections. Default 90. */
    rdsConnectionsPercent: percent,
    /** max_connections, or null to derive it from the instance class. Default null. */
    rdsMaxConnections: z.number().int().positive().nullable(),
    /** RDS read latency (p90), seconds. Default 0.02. */
    rdsReadLatencySeconds: seconds,
    /** RDS write latency (p90), seconds. Default 0.02. */
    rdsWriteLatencySeconds: seconds,
    /** ElastiCache engine CPU percent per node. Default 90. */
    cacheEngineCpuPercent: percent,
    /** ElastiCache memory used, percent of maxmemory, per node. Default 80. */
    cacheMemoryPercent: percent,
    /** Keys evicted per node per 5 minutes. Default 100. */
    cacheEvictions: count,
    /** Client connections per node. Default 1000. */
    cacheConnections: count,
    /** Replica lag behind the primary, seconds. Default 30. */
    cacheReplicationLagSeconds: seconds,
    /** Hours without a successful backup before alarming. Default 26. */
    backupMaxAgeHours: z.number().int().min(1).max(168),
    /** Failed scheduled RunTask calls per 5 minutes. Default 0. */
    schedulerTargetErrors: count,
  })
  .strict();
