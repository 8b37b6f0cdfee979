import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { typeTokenOf } from "../../policies/evaluate";
import { taggableTypes } from "../../policies/tags";
import { tokens } from "../../policies/types";

/** The type tokens the stack policies look for are the SDK's own, current and deprecated. */
describe("type tokens", () => {
  const classes: Record<keyof typeof tokens, unknown[]> = {
    bucket: [aws.s3.Bucket, aws.s3.BucketV2],
    bucketVersioning: [aws.s3.BucketVersioning, aws.s3.BucketVersioningV2],
    bucketEncryption: [
      aws.s3.BucketServerSideEncryptionConfiguration,
      aws.s3.BucketServerSideEncryptionConfigurationV2,
    ],
    bucketLifecycle: [aws.s3.BucketLifecycleConfiguration, aws.s3.BucketLifecycleConfigurationV2],
    bucketLogging: [aws.s3.BucketLogging, aws.s3.BucketLoggingV2],
    bucketPublicAccessBlock: [aws.s3.BucketPublicAccessBlock],
    bucketPolicy: [aws.s3.BucketPolicy],
    dbInstance: [aws.rds.Instance],
    replicationGroup: [aws.elasticache.ReplicationGroup],
    loadBalancer: [aws.lb.LoadBalancer, aws.alb.LoadBalancer],
    listener: [aws.lb.Listener, aws.alb.Listener],
    targetGroup: [aws.lb.TargetGroup, aws.alb.TargetGroup],
    ecsService: [aws.ecs.Service],
    metricAlarm: [aws.cloudwatch.MetricAlarm],
    schedule: [aws.scheduler.Schedule],
    eventRule: [aws.cloudwatch.EventRule],
    awsProvider: [],
  };

  it("awsProvider is the provider package's resource token", () => {
    assert.deepEqual([...tokens.awsProvider], [`pulumi:providers:${typeTokenOf(aws.Provider)}`]);
  });

  for (const [key, list] of Object.entries(classes).filter(([, l]) => l.length > 0)) {
    it(`${key} lists the SDK's tokens`, () => {
      const sdk = list.map((cls) => typeTokenOf(cls as never));
      assert.deepEqual([...tokens[key as keyof typeof tokens]], sdk);
    });
  }
});

describe("taggable types", () => {
  const sdkRoot = path.dirname(require.resolve("@pulumi/aws/package.json"));

  for (const token of taggableTypes) {
    it(`${token} accepts a tags input`, () => {
      const [, module] = token.split(":");
      const declaration = fs.readFileSync(path.join(sdkRoot, `${module}.d.ts`), "utf8");
      assert.match(declaration, /^\s+tags\?: pulumi\.Input</m);
    });
  }
});
