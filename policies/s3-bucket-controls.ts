import type {
  PolicyConfigSchema,
  PolicyResource,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { linkedResources, ofTypes, peek } from "./links";
import { deniesInsecureTransport } from "./s3";
import {
  asList,
  configWithDefaults,
  defaultLevel,
  hasInput,
  inspectResource,
  known,
  parseJsonInput,
} from "./support";
import { tokens } from "./types";

/**
 * Stack policies: every bucket (or every backup bucket) has the sub-resource that gives it a
 * control. Since provider v4 those controls are separate resources pointing at the bucket, so a
 * bucket on its own is not evidence of anything; the link is resolved as `links.ts` describes.
 */

const backupPatternSchema: PolicyConfigSchema = {
  properties: {
    backupBucketPattern: {
      type: "string",
      default: "backup",
      description: "Regular expression on a bucket's logical name (or its parent's) for backups.",
    },
  },
};

/** Whether a bucket holds backups: its logical name, or its parent component's, matches. */
function isBackupBucket(bucket: PolicyResource, pattern: RegExp): boolean {
  return pattern.test(bucket.name) || (bucket.parent ? pattern.test(bucket.parent.name) : false);
}

interface BucketControl {
  readonly name: string;
  readonly description: string;
  /** Type tokens of the sub-resource that provides the control. */
  readonly controlTypes: readonly string[];
  /** Whether the policy covers only backup buckets. */
  readonly backupOnly: boolean;
  /** Whether one linked control resource is sufficient (reads may throw unknown errors). */
  readonly satisfies: (control: PolicyResource) => boolean;
  /** Whether the bucket's own (deprecated inline) inputs already provide the control. */
  readonly inline?: (bucket: PolicyResource) => boolean;
  /** What to add, for the violation message. */
  readonly wanted: string;
}

function bucketControlPolicy(control: BucketControl): StackValidationPolicy {
  return {
    name: control.name,
    description: control.description,
    enforcementLevel: defaultLevel,
    ...(control.backupOnly ? { configSchema: backupPatternSchema } : {}),
    validateStack: (args: StackValidationArgs, reportViolation) => {
      const { backupBucketPattern } = configWithDefaults(args, { backupBucketPattern: "backup" });
      const pattern = new RegExp(backupBucketPattern);
      const buckets = ofTypes(args.resources, tokens.bucket).filter(
        (b) => !control.backupOnly || isBackupBucket(b, pattern),
      );
      const controls = ofTypes(args.resources, control.controlTypes);

      for (const bucket of buckets) {
        inspectResource(bucket, reportViolation, () => {
          if (control.inline?.(bucket)) {
            return;
          }
          const linked = controls.filter((c) =>
            linkedResources(c, "bucket", buckets, ["bucket", "id"]).includes(bucket),
          );
          if (linked.length === 0) {
            reportViolation(`bucket ${bucket.name} has no ${control.wanted}.`, bucket.urn);
            return;
          }
          if (!linked.some(control.satisfies)) {
            reportViolation(
              `bucket ${bucket.name}: ${linked.map((c) => c.name).join(", ")} ` +
                `does not provide ${control.wanted}.`,
              bucket.urn,
            );
          }
        });
      }
    },
  };
}

export const s3BucketHasPublicAccessBlock = bucketControlPolicy({
  name: "s3-bucket-has-public-access-block",
  description: "Every bucket has a public access block resource with all four blocks on.",
  controlTypes: tokens.bucketPublicAccessBlock,
  backupOnly: false,
  satisfies: (block) =>
    ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every(
      (flag) => known(block.props[flag], flag) === true,
    ),
  wanted: "BucketPublicAccessBlock with all four blocks on",
});

export const s3BucketEncrypted = bucketControlPolicy({
  name: "s3-bucket-encrypted",
  description: "Every bucket has a default server-side encryption configuration.",
  controlTypes: tokens.bucketEncryption,
  backupOnly: false,
  satisfies: (config) =>
    asList(known(config.props.rules, "rules")).some(
      (rule) =>
        (rule as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } })
          .applyServerSideEncryptionByDefault?.sseAlgorithm !== undefined,
    ),
  inline: (bucket) => peek(bucket, "serverSideEncryptionConfiguration") !== undefined,
  wanted: "BucketServerSideEncryptionConfiguration",
});

export const s3BucketTlsOnly = bucketControlPolicy({
  name: "s3-bucket-tls-only",
  description: "Every bucket has a bucket policy that denies requests made without TLS.",
  controlTypes: tokens.bucketPolicy,
  backupOnly: false,
  satisfies: (policy) => deniesInsecureTransport(parseJsonInput(policy.props.policy, "policy")),
  wanted: "BucketPolicy denying aws:SecureTransport = false",
});

export const s3BackupBucketVersioned = bucketControlPolicy({
  name: "s3-backup-bucket-versioned",
  description: "Every backup bucket has versioning enabled.",
  controlTypes: tokens.bucketVersioning,
  backupOnly: true,
  satisfies: (versioning) =>
    known(
      (versioning.props.versioningConfiguration as { status?: string } | undefined)?.status,
      "versioningConfiguration.status",
    ) === "Enabled",
  wanted: 'BucketVersioning with status "Enabled"',
});

export const s3BackupBucketExpires = bucketControlPolicy({
  name: "s3-backup-bucket-expires",
  description: "Every backup bucket has an enabled lifecycle rule that expires objects.",
  controlTypes: tokens.bucketLifecycle,
  backupOnly: true,
  satisfies: (lifecycle) =>
    asList(known(lifecycle.props.rules, "rules")).some((r) => {
      const rule = r as { status?: string; expiration?: { days?: number; date?: string } };
      return (
        rule.status === "Enabled" &&
        (rule.expiration?.days !== undefined || rule.expiration?.date !== undefined)
      );
    }),
  wanted: "BucketLifecycleConfiguration with an enabled expiration rule",
});

export const s3BackupBucketLogged = bucketControlPolicy({
  name: "s3-backup-bucket-access-logged",
  description: "Every backup bucket has server access logging to another bucket.",
  controlTypes: tokens.bucketLogging,
  backupOnly: true,
  satisfies: (logging) => hasInput(logging.props, "targetBucket"),
  wanted: "BucketLogging with a targetBucket",
});

export const s3BucketControlPolicies = [
  s3BucketHasPublicAccessBlock,
  s3BucketEncrypted,
  s3BucketTlsOnly,
  s3BackupBucketVersioned,
  s3BackupBucketExpires,
  s3BackupBucketLogged,
];
