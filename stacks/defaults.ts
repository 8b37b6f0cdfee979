import { appDefaults } from "./defaults-app";
import type { Environment } from "./settings-schema";

/**
 * Per-environment defaults of every section, keyed by section name. A stack file overrides any
 * field; what it leaves out comes from here. `stack` is the Pulumi stack name, which the defaults
 * of names derive from so two stacks never collide.
 */
export function defaultSettings(environment: Environment, stack: string) {
  const prod = environment === "prod";
  const identifier = `ai-skills-${stack}`;
  return {
    network: {
      cidrBlock: prod ? "10.10.0.0/16" : "10.20.0.0/16",
      availabilityZones: prod ? 3 : 2,
      natGateways: prod ? "onePerAz" : "single",
    },
    database: {
      identifier,
      engineVersion: "16",
      instanceClass: prod ? "db.r6g.large" : "db.t4g.medium",
      allocatedStorageGb: prod ? 100 : 20,
      maxAllocatedStorageGb: prod ? 1000 : 100,
      multiAz: prod,
      backupRetentionDays: prod ? 30 : 7,
      backupWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      deletionProtection: prod,
      skipFinalSnapshot: !prod,
      finalSnapshotIdentifier: prod ? `${identifier}-final` : undefined,
      databaseName: "ai_skills",
      masterUsername: "ai_skills_admin",
      passwordLength: 32,
      performanceInsightsRetentionDays: 7,
      slowStatementMs: 500,
      extraPreloadLibraries: [] as string[],
      manageRoles: false,
    },
    cache: {
      replicationGroupId: identifier,
      nodeType: prod ? "cache.r7g.large" : "cache.t4g.small",
      engineVersion: "7.1",
      nodes: prod ? 2 : 1,
      automaticFailover: prod,
      multiAz: prod,
      transitEncryption: true,
      snapshotRetentionDays: prod ? 7 : 1,
      authTokenLength: 64,
    },
    backup: {
      dumpPrefix: "postgres/",
      infrequentAccessAfterDays: prod ? 30 : null,
      archiveAfterDays: prod ? 90 : null,
      archiveStorageClass: "GLACIER_IR",
      expireAfterDays: prod ? 365 : 30,
      noncurrentVersionDays: prod ? 30 : 7,
      abortIncompleteUploadDays: 7,
    },
    ...appDefaults(environment),
  };
}
