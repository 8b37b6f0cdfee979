import {
  elasticacheTokenAlphabet,
  lifecycleRule,
  performanceInsightsRetentionRule,
  rdsIdentifierRule,
  rdsPasswordAlphabet,
  replicationGroupIdRule,
  s3PrefixRule,
  type LifecycleTransition,
} from "./aws-rules";
import { subnetCidrs } from "../components/network-cidrs";
import { appIssues } from "./app-rules";
import type { Settings, SettingsIssue } from "./settings";

/** Minimum days of automated RDS backups in prod (the operations manual keeps 30 days of dumps). */
export const prodMinimumBackupRetentionDays = 7;

/** The lifecycle transitions the backup settings describe, in order. */
export function backupTransitions(backup: Settings["backup"]): LifecycleTransition[] {
  const transitions: LifecycleTransition[] = [];
  if (backup.infrequentAccessAfterDays !== null) {
    transitions.push({ days: backup.infrequentAccessAfterDays, storageClass: "STANDARD_IA" });
  }
  if (backup.archiveAfterDays !== null) {
    transitions.push({ days: backup.archiveAfterDays, storageClass: backup.archiveStorageClass });
  }
  return transitions;
}

/** Rules that span fields, or that AWS applies and the provider's types do not. */
export function crossFieldIssues(settings: Settings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const check = (key: string, value: unknown, rule: string | undefined) => {
    if (rule !== undefined) issues.push({ key: `ai-skills:${key}`, value, rule });
  };
  const { database: db, cache, backup, environment } = settings;
  const prod = environment === "prod";

  try {
    subnetCidrs(settings.network.cidrBlock, settings.network.availabilityZones);
  } catch (error) {
    check("network.cidrBlock", settings.network.cidrBlock, (error as Error).message);
  }
  check("database.identifier", db.identifier, rdsIdentifierRule(db.identifier));
  if (db.finalSnapshotIdentifier !== undefined) {
    check(
      "database.finalSnapshotIdentifier",
      db.finalSnapshotIdentifier,
      rdsIdentifierRule(db.finalSnapshotIdentifier)?.replace("an RDS identifier", "a snapshot id"),
    );
  }
  const retention = db.backupRetentionDays;
  check(
    "database.backupRetentionDays",
    retention,
    retention > 35
      ? "RDS keeps automated backups for 0-35 days"
      : prod && retention < prodMinimumBackupRetentionDays
        ? `prod needs at least ${prodMinimumBackupRetentionDays} days of automated backups (0-35)`
        : undefined,
  );
  if (!db.skipFinalSnapshot && db.finalSnapshotIdentifier === undefined) {
    check(
      "database.finalSnapshotIdentifier",
      undefined,
      "required when database.skipFinalSnapshot is false: name the final snapshot",
    );
  }
  if (db.skipFinalSnapshot && db.finalSnapshotIdentifier !== undefined) {
    check(
      "database.finalSnapshotIdentifier",
      db.finalSnapshotIdentifier,
      "must be unset when database.skipFinalSnapshot is true (no final snapshot is taken)",
    );
  }
  if (prod && db.skipFinalSnapshot) {
    check("database.skipFinalSnapshot", true, "prod must take a final snapshot on deletion");
  }
  const { minLength, maxLength } = rdsPasswordAlphabet;
  if (db.passwordLength < minLength || db.passwordLength > maxLength) {
    check(
      "database.passwordLength",
      db.passwordLength,
      `an RDS master password is ${minLength}-${maxLength} characters`,
    );
  }
  if (db.maxAllocatedStorageGb < db.allocatedStorageGb) {
    check(
      "database.maxAllocatedStorageGb",
      db.maxAllocatedStorageGb,
      `must be at least database.allocatedStorageGb (${db.allocatedStorageGb})`,
    );
  }
  check(
    "database.performanceInsightsRetentionDays",
    db.performanceInsightsRetentionDays,
    performanceInsightsRetentionRule(db.performanceInsightsRetentionDays),
  );
  if (db.masterUsername.toLowerCase() === "rdsadmin") {
    check("database.masterUsername", db.masterUsername, "rdsadmin is reserved by RDS");
  }

  check(
    "cache.replicationGroupId",
    cache.replicationGroupId,
    replicationGroupIdRule(cache.replicationGroupId),
  );
  const token = elasticacheTokenAlphabet;
  if (cache.authTokenLength < token.minLength || cache.authTokenLength > token.maxLength) {
    check(
      "cache.authTokenLength",
      cache.authTokenLength,
      `an ElastiCache AUTH token is ${token.minLength}-${token.maxLength} characters`,
    );
  }
  if (!cache.transitEncryption) {
    check(
      "cache.transitEncryption",
      false,
      "the AUTH token is only accepted with in-transit encryption on; set it to true",
    );
  }
  if (cache.snapshotRetentionDays > 35) {
    check(
      "cache.snapshotRetentionDays",
      cache.snapshotRetentionDays,
      "ElastiCache keeps 0-35 days",
    );
  }
  if (cache.automaticFailover && cache.nodes < 2) {
    check("cache.nodes", cache.nodes, "automatic failover needs at least 2 nodes (a replica)");
  }
  if (cache.multiAz && !cache.automaticFailover) {
    check("cache.multiAz", true, "Multi-AZ needs cache.automaticFailover set to true");
  }
  if (prod && !cache.automaticFailover) {
    check("cache.automaticFailover", false, "prod needs automatic failover");
  }

  check("backup.dumpPrefix", backup.dumpPrefix, s3PrefixRule(backup.dumpPrefix));
  const transitions = backupTransitions(backup);
  const lifecycle = lifecycleRule(transitions, backup.expireAfterDays);
  if (lifecycle !== undefined) {
    const at = lifecycle.at === "expiration" ? undefined : transitions[lifecycle.at];
    const field =
      at === undefined
        ? "expireAfterDays"
        : at.storageClass === "STANDARD_IA"
          ? "infrequentAccessAfterDays"
          : "archiveAfterDays";
    check(`backup.${field}`, at?.days ?? backup.expireAfterDays, lifecycle.rule);
  }
  issues.push(...appIssues(settings));
  return issues;
}
