import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../stacks/settings";
import { backupLifecycleRules } from "./backup-lifecycle";
import { denyInsecureTransport, privateBucket } from "./private-bucket";

export interface BackupBucketArgs {
  /** The stack's backup settings (prefix, tiering, expiry). */
  readonly settings: Settings["backup"];
  /** KMS key for default encryption (SSE-KMS with an S3 Bucket Key). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Where S3 server access logs go. Default: no access logging. */
  readonly accessLogs?: { readonly bucket: pulumi.Input<string>; readonly prefix: string };
}

/**
 * The S3 bucket that holds database dumps: versioned, encrypted with the data key, every public
 * access block on, objects owned by the bucket owner, a policy that refuses requests without TLS,
 * and the lifecycle of `backup-lifecycle.ts`. The physical name derives from the component's
 * name (which carries the stack) plus Pulumi's random suffix, so stacks never collide.
 */
export class BackupBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: BackupBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:storage:BackupBucket", name, {}, opts);
    const parent = { parent: this };

    const { bucket, publicAccess } = privateBucket(name, this);
    this.bucket = bucket;
    const bucketId = bucket.id;

    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucketId, versioningConfiguration: { status: "Enabled" } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucketId,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: args.kmsKeyArn,
            },
            bucketKeyEnabled: true,
          },
        ],
      },
      parent,
    );
    new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      { bucket: bucketId, policy: tlsOnlyPolicy(this.bucket.arn) },
      { parent: this, dependsOn: [publicAccess] },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucketId, rules: backupLifecycleRules(args.settings) },
      { parent: this, dependsOn: [versioning] },
    );
    if (args.accessLogs) {
      new aws.s3.BucketLogging(
        `${name}-access-logs`,
        {
          bucket: bucketId,
          targetBucket: args.accessLogs.bucket,
          targetPrefix: args.accessLogs.prefix,
        },
        parent,
      );
    }

    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}

/** A bucket policy that denies every request made without TLS. */
export function tlsOnlyPolicy(bucketArn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [denyInsecureTransport(bucketArn)],
  });
}
