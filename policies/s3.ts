import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { asList, defaultLevel, guardUnknowns, known, parseJsonInput, show } from "./support";

/**
 * S3 checks on one resource at a time. Checks that a bucket *has* a sub-resource (versioning,
 * encryption, a public access block, a policy, lifecycle rules, logging) are stack policies, in
 * `s3-bucket-controls.ts`. Each sub-resource has a current v7 class and a deprecated `...V2`
 * alias; the policies validate both.
 */

const publicAccessFlags = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

export const s3PublicAccessBlockAll: ResourceValidationPolicy = {
  name: "s3-public-access-block-all",
  description: "A bucket's public access block turns on all four blocks.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.s3.BucketPublicAccessBlock,
    guardUnknowns((block, _args, reportViolation) => {
      for (const flag of publicAccessFlags) {
        if (block[flag] !== true) {
          reportViolation(`${flag} is ${show(block[flag])}; set it to true.`);
        }
      }
    }),
  ),
};

const publicAcls = ["public-read", "public-read-write", "authenticated-read"];

type BucketProps = { acl?: string };
const checkBucketAcl = guardUnknowns<BucketProps>((bucket, _args, reportViolation) => {
  if (bucket.acl !== undefined && publicAcls.includes(bucket.acl)) {
    reportViolation(`acl is ${show(bucket.acl)}; use private (or no ACL) for this bucket.`);
  }
});

export const s3NoPublicAcl: ResourceValidationPolicy = {
  name: "s3-no-public-acl",
  description: "A bucket grants no public or any-AWS-account ACL.",
  enforcementLevel: defaultLevel,
  validateResource: [
    validateResourceOfType(aws.s3.Bucket, checkBucketAcl),
    validateResourceOfType(aws.s3.BucketV2, checkBucketAcl),
  ],
};

const strongAlgorithms = ["aws:kms", "aws:kms:dsse", "AES256"];

type EncryptionProps = {
  rules?: { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }[];
};
const checkEncryption = guardUnknowns<EncryptionProps>((config, _args, reportViolation) => {
  const algorithms = asList(known(config.rules, "rules")).map(
    (rule, i) =>
      known(
        (rule as NonNullable<EncryptionProps["rules"]>[number]).applyServerSideEncryptionByDefault
          ?.sseAlgorithm,
        `rules[${i}].applyServerSideEncryptionByDefault.sseAlgorithm`,
      ) as string | undefined,
  );
  if (!algorithms.some((a) => a !== undefined && strongAlgorithms.includes(a))) {
    reportViolation(
      `no rule applies default encryption (found ${show(algorithms)}); ` +
        `set applyServerSideEncryptionByDefault.sseAlgorithm to aws:kms or AES256.`,
    );
  }
});

export const s3EncryptionAlgorithm: ResourceValidationPolicy = {
  name: "s3-encryption-algorithm",
  description: "A bucket's encryption configuration applies aws:kms, aws:kms:dsse or AES256.",
  enforcementLevel: defaultLevel,
  validateResource: [
    validateResourceOfType(aws.s3.BucketServerSideEncryptionConfiguration, checkEncryption),
    validateResourceOfType(aws.s3.BucketServerSideEncryptionConfigurationV2, checkEncryption),
  ],
};

type VersioningProps = { versioningConfiguration?: { status?: string } };
const checkVersioning = guardUnknowns<VersioningProps>((versioning, _args, reportViolation) => {
  const status = known(
    versioning.versioningConfiguration?.status,
    "versioningConfiguration.status",
  );
  if (status !== "Enabled") {
    reportViolation(`versioningConfiguration.status is ${show(status)}; set it to "Enabled".`);
  }
});

export const s3VersioningEnabled: ResourceValidationPolicy = {
  name: "s3-versioning-enabled",
  description: "A bucket versioning resource enables versioning (not Suspended or Disabled).",
  enforcementLevel: defaultLevel,
  validateResource: [
    validateResourceOfType(aws.s3.BucketVersioning, checkVersioning),
    validateResourceOfType(aws.s3.BucketVersioningV2, checkVersioning),
  ],
};

/** Whether a parsed policy document denies requests made without TLS. */
export function deniesInsecureTransport(document: unknown): boolean {
  const statements = asList((document as { Statement?: unknown } | undefined)?.Statement);
  return statements.some((s) => {
    const statement = s as { Effect?: string; Condition?: Record<string, Record<string, unknown>> };
    const secureTransport = statement.Condition?.Bool?.["aws:SecureTransport"];
    return (
      statement.Effect === "Deny" &&
      asList(secureTransport).some((v) => v === false || v === "false")
    );
  });
}

export const s3TlsOnlyPolicy: ResourceValidationPolicy = {
  name: "s3-tls-only-policy",
  description: "A bucket policy denies every request not made over TLS (aws:SecureTransport).",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.s3.BucketPolicy,
    guardUnknowns((bucketPolicy, _args, reportViolation) => {
      const document = parseJsonInput(bucketPolicy.policy, "policy");
      if (!deniesInsecureTransport(document)) {
        reportViolation(
          `policy has no Deny statement with Condition Bool ` +
            `aws:SecureTransport = "false"; add one.`,
        );
      }
    }),
  ),
};

type LifecycleRule = {
  status?: string;
  abortIncompleteMultipartUpload?: { daysAfterInitiation?: number };
};
type LifecycleProps = { rules?: LifecycleRule[] };
const checkAbortMultipart = guardUnknowns<LifecycleProps>((lifecycle, _args, reportViolation) => {
  const rules = asList(known(lifecycle.rules, "rules")) as LifecycleRule[];
  const aborting = rules.filter(
    (rule, i) =>
      known(rule.status, `rules[${i}].status`) === "Enabled" &&
      typeof known(
        rule.abortIncompleteMultipartUpload?.daysAfterInitiation,
        `rules[${i}].abortIncompleteMultipartUpload.daysAfterInitiation`,
      ) === "number",
  );
  if (aborting.length === 0) {
    reportViolation(
      "no enabled rule sets abortIncompleteMultipartUpload.daysAfterInitiation; add one.",
    );
  }
});

export const s3AbortIncompleteUploads: ResourceValidationPolicy = {
  name: "s3-abort-incomplete-uploads",
  description: "A bucket's lifecycle configuration aborts incomplete multipart uploads.",
  enforcementLevel: defaultLevel,
  validateResource: [
    validateResourceOfType(aws.s3.BucketLifecycleConfiguration, checkAbortMultipart),
    validateResourceOfType(aws.s3.BucketLifecycleConfigurationV2, checkAbortMultipart),
  ],
};

export const s3Policies = [
  s3PublicAccessBlockAll,
  s3NoPublicAcl,
  s3EncryptionAlgorithm,
  s3VersioningEnabled,
  s3TlsOnlyPolicy,
  s3AbortIncompleteUploads,
];
