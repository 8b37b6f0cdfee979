import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport, privateBucket } from "./private-bucket";

export interface LogBucketArgs {
  /** Days log objects are kept before they expire. Default 30. */
  readonly expireAfterDays?: number;
  /** Key prefix the load balancer writes under. Default alb. */
  readonly albPrefix?: string;
  /** Key prefix S3 server access logs are written under. Default s3. */
  readonly s3Prefix?: string;
}

/**
 * The bucket for access logs: the load balancer's (delivered by the ELB log delivery service)
 * and S3 server access logs of the other buckets. ALB log delivery supports only SSE-S3, so the
 * bucket uses AES256, not the data key. Public access blocked, TLS only, objects expire.
 */
export class LogBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  /** Key prefix of the load balancer's logs. */
  readonly albPrefix: string;
  /** Key prefix of S3 server access logs. */
  readonly s3Prefix: string;

  constructor(name: string, args: LogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:storage:LogBucket", name, {}, opts);
    const expireAfterDays = args.expireAfterDays ?? 30;
    this.albPrefix = args.albPrefix ?? "alb";
    this.s3Prefix = args.s3Prefix ?? "s3";
    if (!Number.isInteger(expireAfterDays) || expireAfterDays < 1) {
      throw new Error(
        `LogBucket ${name}: \`expireAfterDays\` is ${expireAfterDays}; use 1 or more`,
      );
    }
    const parent = { parent: this };

    const { bucket, publicAccess } = privateBucket(name, this);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      },
      parent,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: expireAfterDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      parent,
    );

    const account = aws.getCallerIdentityOutput({}, parent);
    const elbAccount = aws.elb.getServiceAccountOutput({}, parent);
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: logDeliveryPolicy({
          bucketArn: bucket.arn,
          accountId: account.accountId,
          elbAccountArn: elbAccount.arn,
          albPrefix: this.albPrefix,
          s3Prefix: this.s3Prefix,
        }),
      },
      { parent: this, dependsOn: [publicAccess] },
    );

    this.bucketName = bucket.bucket;
    this.registerOutputs({ bucketName: this.bucketName });
  }
}

/**
 * Who may write logs: the ELB log delivery service (and, in regions older than August 2022, the
 * region's ELB account) under the ALB prefix for this account only; the S3 logging service
 * under the S3 prefix for this account's buckets only. Everything without TLS is denied.
 */
export function logDeliveryPolicy(args: {
  readonly bucketArn: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly elbAccountArn: pulumi.Input<string>;
  readonly albPrefix: string;
  readonly s3Prefix: string;
}): pulumi.Output<string> {
  const { bucketArn, accountId } = args;
  const albObjects = pulumi.interpolate`${bucketArn}/${args.albPrefix}/AWSLogs/${accountId}/*`;
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ElbLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: albObjects,
      },
      {
        Sid: "ElbRegionalAccountLogDelivery",
        Effect: "Allow",
        Principal: { AWS: args.elbAccountArn },
        Action: "s3:PutObject",
        Resource: albObjects,
      },
      {
        Sid: "S3ServerAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: pulumi.interpolate`${bucketArn}/${args.s3Prefix}/*`,
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
      denyInsecureTransport(bucketArn),
    ],
  });
}
