import { z } from "zod";

/**
 * The schedules section: one EventBridge Scheduler schedule per routine procedure of the
 * operations manual, each running the `runbook` image on ECS. Expressions are checked by
 * `scheduleExpressionRule` (`stacks/schedule-expression.ts`) in the cross-field rules.
 */

/** The routine procedures, in the order of the operations manual. */
export const procedures = [
  "healthCheck",
  "backup",
  "backupVerification",
  "dbMaintenance",
  "performanceReview",
  "accessReview",
  "securityAudit",
] as const;
export type Procedure = (typeof procedures)[number];

const scheduleSchema = z
  .object({
    /** `cron(...)` (six fields, UTC) or `rate(...)`. */
    expression: z.string(),
    /** Arguments of the `runbook` command the task runs. */
    command: z.array(z.string().min(1)).min(1, "name at least the runbook command"),
    /** Whether the schedule runs. */
    enabled: z.boolean(),
  })
  .strict();

export const schedulesSchema = z
  .object({
    /** Daily health check. Default cron(0 6 * * ? *), ["health", "--json"], on. */
    healthCheck: scheduleSchema,
    /** Daily database dump to S3. Default cron(0 1 * * ? *), ["backup", "--json"], on. */
    backup: scheduleSchema,
    /**
     * Weekly restore test of the latest dump.
     * Default cron(0 5 ? * WED *), ["backup-verify", "--json"], on.
     */
    backupVerification: scheduleSchema,
    /**
     * Weekly ANALYZE / VACUUM ANALYZE.
     * Default cron(0 6 ? * SUN *), ["db-maintenance", "--json"], on.
     */
    dbMaintenance: scheduleSchema,
    /** Monthly performance review. Default cron(0 7 1 * ? *), ["perf-review", "--json"], on. */
    performanceReview: scheduleSchema,
    /** Monthly user access review. Default cron(0 8 1 * ? *), ["access-review", "--json"], on. */
    accessReview: scheduleSchema,
    /**
     * Quarterly security audit.
     * Default cron(0 9 1 1,4,7,10 ? *), ["security-audit", "--json", "--timeout", "60"], on.
     */
    securityAudit: scheduleSchema,
    /** Times Scheduler retries a failed RunTask, 0-185. Default 3. */
    retryAttempts: z.number().int().min(0).max(185),
    /** Seconds Scheduler keeps retrying an invocation, 60-86400. Default 3600. */
    maximumEventAgeSeconds: z.number().int().min(60).max(86400),
    /** Fargate CPU units of an operations task. Default 512. */
    cpu: z.number().int(),
    /** Fargate memory of an operations task, MiB. Default 1024. */
    memoryMb: z.number().int(),
    /** Target platform of the operations image. Default linux/arm64. */
    platform: z.enum(["linux/amd64", "linux/arm64"]),
  })
  .strict();
