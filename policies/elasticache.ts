import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, hasInput, known, show, typedPolicy } from "./support";

/** ElastiCache (Redis) replication group checks. Failover and Multi-AZ are prod-only. */

type GroupProps = Unwrap<aws.elasticache.ReplicationGroupArgs>;

function replicationGroupPolicy(
  name: string,
  description: string,
  check: (
    group: GroupProps,
    report: (message: string) => void,
    args: ResourceValidationArgs,
  ) => void,
  extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy {
  return typedPolicy(aws.elasticache.ReplicationGroup, name, description, check, extra);
}

function requireTrue(key: keyof GroupProps) {
  return (group: GroupProps, report: (message: string) => void) => {
    const value = known(group[key], key);
    if (value !== true) {
      report(`${key} is ${show(value)}; set it to true.`);
    }
  };
}

export const cacheAtRestEncryption = replicationGroupPolicy(
  "elasticache-at-rest-encryption",
  "A Redis replication group encrypts its data at rest.",
  requireTrue("atRestEncryptionEnabled"),
);

export const cacheTransitEncryption = replicationGroupPolicy(
  "elasticache-transit-encryption",
  "A Redis replication group accepts only TLS connections.",
  (group, report) => {
    requireTrue("transitEncryptionEnabled")(group, report);
    const mode = known(group.transitEncryptionMode, "transitEncryptionMode");
    if (mode === "preferred") {
      report('transitEncryptionMode is "preferred"; set it to "required" or leave it unset.');
    }
  },
);

export const cacheAuthToken = replicationGroupPolicy(
  "elasticache-auth-token",
  "A Redis replication group requires an AUTH token (or RBAC user groups).",
  (group, report) => {
    // The token is a secret: only its presence is checked, never its value.
    const hasToken = hasInput(group, "authToken") || hasInput(group, "authTokenWo");
    const hasUserGroups = hasInput(group, "userGroupIds");
    if (!hasToken && !hasUserGroups) {
      report("authToken is unset; set an AUTH token (with transit encryption) or userGroupIds.");
    }
  },
);

export const cacheAutomaticFailover = replicationGroupPolicy(
  "elasticache-automatic-failover",
  "A production Redis replication group fails over to a replica automatically.",
  requireTrue("automaticFailoverEnabled"),
);

export const cacheMultiAz = replicationGroupPolicy(
  "elasticache-multi-az",
  "A production Redis replication group keeps replicas in other availability zones.",
  requireTrue("multiAzEnabled"),
);

export const cacheSnapshotRetention = replicationGroupPolicy(
  "elasticache-snapshot-retention",
  "A Redis replication group keeps daily snapshots for at least the configured number of days.",
  (group, report, args) => {
    const { minimumDays } = configWithDefaults(args, { minimumDays: 1 });
    const days = known(group.snapshotRetentionLimit, "snapshotRetentionLimit");
    if (typeof days !== "number" || days < minimumDays) {
      report(`snapshotRetentionLimit is ${show(days)}; keep at least ${minimumDays} days.`);
    }
  },
  {
    configSchema: {
      properties: { minimumDays: { type: "integer", minimum: 1, maximum: 35, default: 1 } },
    },
  },
);

export const elasticachePolicies = [
  cacheAtRestEncryption,
  cacheTransitEncryption,
  cacheAuthToken,
  cacheAutomaticFailover,
  cacheMultiAz,
  cacheSnapshotRetention,
];
