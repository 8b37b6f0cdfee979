/**
 * Pulumi type tokens the stack policies look for, for @pulumi/aws v7. Where v7 renamed a
 * resource, both the current and the deprecated token are listed so that a policy fires on
 * either; `test/policies/types.test.ts` holds each token to the SDK class it names.
 */
export const tokens = {
  /** `aws.s3.Bucket` is current in v7; `aws.s3.BucketV2` is its deprecated alias. */
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  bucketVersioning: [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
  ],
  bucketEncryption: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  bucketLifecycle: [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  ],
  bucketLogging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
  bucketPublicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
  dbInstance: ["aws:rds/instance:Instance"],
  replicationGroup: ["aws:elasticache/replicationGroup:ReplicationGroup"],
  /** `aws.lb.*` and `aws.alb.*` are two current names for the same ELBv2 resources. */
  loadBalancer: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  listener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
  ecsService: ["aws:ecs/service:Service"],
  metricAlarm: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
  schedule: ["aws:scheduler/schedule:Schedule"],
  eventRule: ["aws:cloudwatch/eventRule:EventRule"],
  awsProvider: ["pulumi:providers:aws"],
} as const;
