import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import {
  validateResourceOfType,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
} from "@pulumi/policy";
import {
  asList,
  configWithDefaults,
  defaultLevel,
  guardUnknowns,
  known,
  show,
  typedPolicy,
} from "./support";

/**
 * RDS PostgreSQL checks. The policies marked "prod" protect availability rather than
 * confidentiality; `config/staging.json` disables them, `config/prod.json` makes them mandatory.
 */

type InstanceProps = Unwrap<aws.rds.InstanceArgs>;

/** A policy over `aws.rds.Instance` whose check reads the instance's inputs. */
function instancePolicy(
  name: string,
  description: string,
  check: (
    db: InstanceProps,
    report: (message: string) => void,
    args: ResourceValidationArgs,
  ) => void,
  extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy {
  return typedPolicy(aws.rds.Instance, name, description, check, extra);
}

/** Reports unless `db[key]` is exactly `wanted`. */
function requireValue<K extends keyof InstanceProps>(
  key: K,
  wanted: InstanceProps[K],
): (db: InstanceProps, report: (message: string) => void) => void {
  return (db, report) => {
    const value = known(db[key], key);
    if (value !== wanted) {
      report(`${key} is ${show(value)}; set it to ${show(wanted)}.`);
    }
  };
}

export const rdsStorageEncrypted = instancePolicy(
  "rds-storage-encrypted",
  "A database instance encrypts its storage at rest.",
  requireValue("storageEncrypted", true),
);

export const rdsNotPublic = instancePolicy(
  "rds-not-publicly-accessible",
  "A database instance has no public endpoint.",
  (db, report) => {
    if (known(db.publiclyAccessible, "publiclyAccessible") === true) {
      report("publiclyAccessible is true; set it to false.");
    }
  },
);

export const rdsBackupRetention = instancePolicy(
  "rds-backup-retention",
  "A database instance keeps automated backups for at least the configured number of days.",
  (db, report, args) => {
    const { minimumDays } = configWithDefaults(args, { minimumDays: 7 });
    const days = known(db.backupRetentionPeriod, "backupRetentionPeriod");
    if (typeof days !== "number" || days < minimumDays) {
      report(`backupRetentionPeriod is ${show(days)}; keep at least ${minimumDays} days.`);
    }
  },
  {
    configSchema: {
      properties: {
        minimumDays: { type: "integer", minimum: 1, maximum: 35, default: 7 },
      },
    },
  },
);

export const rdsMultiAz = instancePolicy(
  "rds-multi-az",
  "A production database instance has a standby in a second availability zone.",
  requireValue("multiAz", true),
);

export const rdsDeletionProtection = instancePolicy(
  "rds-deletion-protection",
  "A production database instance refuses deletion.",
  requireValue("deletionProtection", true),
);

export const rdsFinalSnapshot = instancePolicy(
  "rds-final-snapshot",
  "A production database instance takes a final snapshot when deleted.",
  (db, report) => {
    if (known(db.skipFinalSnapshot, "skipFinalSnapshot") === true) {
      report("skipFinalSnapshot is true; set it to false and name a finalSnapshotIdentifier.");
    } else if (known(db.finalSnapshotIdentifier, "finalSnapshotIdentifier") === undefined) {
      report("finalSnapshotIdentifier is unset; name the final snapshot.");
    }
  },
);

export const rdsPerformanceInsights = instancePolicy(
  "rds-performance-insights",
  "A database instance has Performance Insights on.",
  requireValue("performanceInsightsEnabled", true),
);

export const rdsLogExports = instancePolicy(
  "rds-log-exports",
  "A database instance exports the configured logs to CloudWatch Logs.",
  (db, report, args) => {
    const { requiredLogs } = configWithDefaults(args, { requiredLogs: ["postgresql"] });
    const exported = asList(known(db.enabledCloudwatchLogsExports, "enabledCloudwatchLogsExports"));
    const missing = requiredLogs.filter((log) => !exported.includes(log));
    if (missing.length > 0) {
      report(`enabledCloudwatchLogsExports is ${show(exported)}; add ${show(missing)}.`);
    }
  },
  {
    configSchema: {
      properties: {
        requiredLogs: { type: "array", items: { type: "string" }, default: ["postgresql"] },
      },
    },
  },
);

export const rdsAutoMinorVersionUpgrade = instancePolicy(
  "rds-auto-minor-version-upgrade",
  "A database instance takes minor engine upgrades in its maintenance window.",
  (db, report) => {
    // AWS turns it on when unset; only an explicit false is a violation.
    if (known(db.autoMinorVersionUpgrade, "autoMinorVersionUpgrade") === false) {
      report("autoMinorVersionUpgrade is false; set it to true or leave it unset.");
    }
  },
);

export const rdsCopyTagsToSnapshot = instancePolicy(
  "rds-copy-tags-to-snapshot",
  "A database instance copies its tags to its snapshots.",
  requireValue("copyTagsToSnapshot", true),
);

export const rdsCustomParameterGroup = instancePolicy(
  "rds-custom-parameter-group",
  "A database instance uses the project's parameter group, not the engine default.",
  (db, report) => {
    const group = known(db.parameterGroupName, "parameterGroupName");
    if (group === undefined || group.startsWith("default.")) {
      report(`parameterGroupName is ${show(group)}; use the project's parameter group.`);
    }
  },
);

type Parameter = { name?: string; value?: string };

/** The value of a parameter in a parameter group, if set. */
function parameterValue(parameters: unknown, name: string): string | undefined {
  const list = asList(known(parameters, "parameters")) as Parameter[];
  const found = list.find((p) => p.name === name);
  return found === undefined ? undefined : known(found.value, `parameters.${name}`);
}

export const rdsPgStatStatements = {
  name: "rds-pg-stat-statements",
  description: "A PostgreSQL parameter group preloads pg_stat_statements.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.rds.ParameterGroup,
    guardUnknowns((group, _args, reportViolation) => {
      if (!known(group.family, "family")?.startsWith("postgres")) {
        return;
      }
      const libraries = parameterValue(group.parameters, "shared_preload_libraries");
      const names = (libraries ?? "").split(",").map((l) => l.trim());
      if (!names.includes("pg_stat_statements")) {
        reportViolation(
          `shared_preload_libraries is ${show(libraries)}; include pg_stat_statements.`,
        );
      }
    }),
  ),
} satisfies ResourceValidationPolicy;

export const rdsForceSsl = {
  name: "rds-force-ssl",
  description: "A PostgreSQL parameter group does not turn off rds.force_ssl.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.rds.ParameterGroup,
    guardUnknowns((group, _args, reportViolation) => {
      const forceSsl = parameterValue(group.parameters, "rds.force_ssl");
      // PostgreSQL 15 and later default to 1; an explicit 0 allows plain-text connections.
      if (forceSsl !== undefined && forceSsl !== "1") {
        reportViolation(`rds.force_ssl is ${show(forceSsl)}; set it to "1" or leave it unset.`);
      }
    }),
  ),
} satisfies ResourceValidationPolicy;

export const rdsPolicies: ResourceValidationPolicy[] = [
  rdsStorageEncrypted,
  rdsNotPublic,
  rdsBackupRetention,
  rdsMultiAz,
  rdsDeletionProtection,
  rdsFinalSnapshot,
  rdsPerformanceInsights,
  rdsLogExports,
  rdsAutoMinorVersionUpgrade,
  rdsCopyTagsToSnapshot,
  rdsCustomParameterGroup,
  rdsPgStatStatements,
  rdsForceSsl,
];
