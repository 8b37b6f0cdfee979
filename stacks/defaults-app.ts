import type { Environment } from "./settings-schema";

/** A schedule's defaults: expression (UTC), runbook arguments, on. */
const schedule = (expression: string, command: string, ...options: string[]) => ({
  expression,
  command: [command, "--json", ...options],
  enabled: true,
});

/**
 * Per-environment defaults of the app, traffic, schedules and alarms sections (see
 * `defaults.ts` for the data tier). Each alarm threshold names the recommendation it follows.
 */
export function appDefaults(environment: Environment) {
  const prod = environment === "prod";
  return {
    app: {
      build: null,
      platform: "linux/arm64",
      // No image default: a stack must say what it runs (checked before any resource is declared).
      images: { blue: null, green: null },
      cpu: prod ? 1024 : 512,
      memoryMb: prod ? 2048 : 1024,
      minTasks: prod ? 2 : 1,
      maxTasks: prod ? 6 : 2,
      cpuTargetPercent: 60,
      // The operations manual rotates app logs after 30 days.
      logRetentionDays: 30,
      keepImages: prod ? 30 : 10,
      user: "1000:1000",
      readonlyRootFilesystem: true,
      environment: { NODE_ENV: "production" } as Record<string, string>,
      healthCheckGraceSeconds: 60,
    },
    traffic: {
      liveColor: "blue",
      canaryPercent: 0,
      certificateArn: null,
      domainName: null,
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      testListenerPort: 8443,
      testListenerCidrs: [] as string[],
      deregistrationDelaySeconds: prod ? 60 : 30,
      stickinessEnabled: false,
      stickinessSeconds: 3600,
      idleTimeoutSeconds: 60,
      deletionProtection: prod,
      accessLogDays: prod ? 90 : 30,
    },
    schedules: {
      healthCheck: schedule("cron(0 6 * * ? *)", "health"),
      // Before the Redis snapshot (02:00-03:00) and the RDS backup window (03:00-04:00).
      backup: schedule("cron(0 1 * * ? *)", "backup"),
      backupVerification: schedule("cron(0 5 ? * WED *)", "backup-verify"),
      // After the RDS maintenance window (sun:04:30-sun:05:30).
      dbMaintenance: schedule("cron(0 6 ? * SUN *)", "db-maintenance"),
      performanceReview: schedule("cron(0 7 1 * ? *)", "perf-review"),
      accessReview: schedule("cron(0 8 1 * ? *)", "access-review"),
      // Logs Insights over 7 days of app logs takes longer than the 5 s default step limit.
      securityAudit: schedule("cron(0 9 1 1,4,7,10 ? *)", "security-audit", "--timeout", "60"),
      retryAttempts: 3,
      maximumEventAgeSeconds: 3600,
      cpu: 512,
      memoryMb: 1024,
      platform: "linux/arm64",
    },
    alarms: {
      subscriptions: [] as { protocol: "email" | "https"; endpoint: string }[],
      metricsNamespace: "AISkills/Operations",
      // AWS recommended alarms (ApplicationELB, HTTPCode_Target_5XX_Count): alarm on the 5xx share
      // of requests rather than a count; 5 % is this project's error budget for a 5-minute window.
      targetErrorRatePercent: 5,
      // AWS recommended alarms (HTTPCode_ELB_5XX_Count): threshold from normal traffic;
      // 10 per 5 min.
      elb5xxCount: 10,
      // AWS recommended alarms (TargetResponseTime): a latency objective; 1 s p95, 2.5 s p99.
      responseTimeP95Seconds: 1,
      responseTimeP99Seconds: 2.5,
      // AWS recommended alarms (UnHealthyHostCount): any unhealthy target, sustained.
      unhealthyHosts: 0,
      // AWS recommended alarms (RejectedConnectionCount): any rejection means the ALB hit a limit.
      rejectedConnections: 0,
      // AWS recommended alarms (ECS CPUUtilization, MemoryUtilization): 90 %.
      ecsCpuPercent: 90,
      ecsMemoryPercent: 90,
      // AWS recommended alarms (RDS CPUUtilization): 90 %.
      rdsCpuPercent: 90,
      // AWS recommended alarms (RDS FreeStorageSpace): about 10 % of allocated storage.
      rdsFreeStoragePercent: 10,
      // AWS recommended alarms (RDS FreeableMemory): 25 % of the instance's memory.
      rdsFreeableMemoryPercent: 25,
      // AWS recommended alarms (RDS DatabaseConnections): a share of max_connections; 90 %.
      rdsConnectionsPercent: 90,
      rdsMaxConnections: null,
      // AWS recommended alarms (RDS ReadLatency, WriteLatency): p90 over 20 ms needs a look.
      rdsReadLatencySeconds: 0.02,
      rdsWriteLatencySeconds: 0.02,
      // AWS recommended alarms (ElastiCache EngineCPUUtilization): 90 % of the engine thread.
      cacheEngineCpuPercent: 90,
      // ElastiCache best practices (DatabaseMemoryUsagePercentage): act before 80 % of maxmemory.
      cacheMemoryPercent: 80,
      // AWS recommended alarms (ElastiCache Evictions, CurrConnections): workload-specific;
      // these are starting points for this app's session and cache keys.
      cacheEvictions: 100,
      cacheConnections: 1000,
      // AWS recommended alarms (ElastiCache ReplicationLag): workload-specific; 30 s.
      cacheReplicationLagSeconds: 30,
      // Issue 3: a daily backup plus two hours of slack.
      backupMaxAgeHours: 26,
      // AWS recommended alarms (Scheduler TargetErrorCount): any failed invocation.
      schedulerTargetErrors: 0,
    },
  };
}
