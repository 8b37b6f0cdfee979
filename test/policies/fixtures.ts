import type { PlannedResource } from "../../infra/planned-resource";
import { evaluatePolicies, type PolicyResult } from "../../policies/evaluate";
import { allPolicies } from "../../policies/all";
import type { PackConfig } from "../../policies/config";

/** Pulumi's unknown sentinel as the mock runtime serialises an unknown Output. */
export const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const tlsOnly = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});

const container = {
  name: "app",
  image: "app:1",
  privileged: false,
  readonlyRootFilesystem: true,
  environment: [{ name: "PORT", value: "4000" }],
  secrets: [{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:x" }],
  logConfiguration: { logDriver: "awslogs" },
};

/** One passing set of inputs per resource type; each failing case changes one property. */
export const happy: Record<string, Record<string, unknown>> = {
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
    bucket: "b",
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  },
  "aws:s3/bucket:Bucket": { forceDestroy: false },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
    bucket: "b",
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
  },
  "aws:s3/bucketVersioning:BucketVersioning": {
    bucket: "b",
    versioningConfiguration: { status: "Enabled" },
  },
  "aws:s3/bucketPolicy:BucketPolicy": { bucket: "b", policy: tlsOnly },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
    bucket: "b",
    rules: [
      {
        id: "dumps",
        status: "Enabled",
        expiration: { days: 30 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ],
  },
  "aws:rds/instance:Instance": {
    identifier: "db",
    storageEncrypted: true,
    publiclyAccessible: false,
    backupRetentionPeriod: 30,
    multiAz: true,
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "db-final",
    performanceInsightsEnabled: true,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    autoMinorVersionUpgrade: true,
    copyTagsToSnapshot: true,
    parameterGroupName: "db-params",
  },
  "aws:rds/parameterGroup:ParameterGroup": {
    family: "postgres16",
    parameters: [
      {
        name: "shared_preload_libraries",
        value: "pg_stat_statements",
        applyMethod: "pending-reboot",
      },
      { name: "rds.force_ssl", value: "1" },
    ],
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    replicationGroupId: "cache",
    atRestEncryptionEnabled: true,
    transitEncryptionEnabled: true,
    authToken: "a-secret-token-of-some-length",
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    snapshotRetentionLimit: 7,
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    loadBalancerType: "application",
    dropInvalidHeaderFields: true,
    accessLogs: { enabled: true, bucket: "logs" },
    enableDeletionProtection: true,
  },
  "aws:lb/listener:Listener": {
    protocol: "HTTPS",
    port: 443,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    defaultActions: [{ type: "forward", forward: { targetGroups: [{ arn: "tg-blue" }] } }],
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
    securityGroupId: "sg-app",
    referencedSecurityGroupId: "sg-alb",
    ipProtocol: "tcp",
    fromPort: 4000,
    toPort: 4000,
    description: "ALB to app tasks",
  },
  "aws:ec2/securityGroup:SecurityGroup": {
    description: "App tasks",
    ingress: [
      {
        protocol: "tcp",
        fromPort: 4000,
        toPort: 4000,
        cidrBlocks: ["10.0.0.0/16"],
        description: "VPC",
      },
    ],
    egress: [
      {
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["0.0.0.0/0"],
        description: "HTTPS out",
      },
    ],
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    family: "app",
    containerDefinitions: JSON.stringify([container]),
    executionRoleArn: "arn:aws:iam::1:role/exec",
    taskRoleArn: "arn:aws:iam::1:role/task",
  },
  "aws:ecs/service:Service": {
    name: "app-blue",
    networkConfiguration: { subnets: ["s"], assignPublicIp: false },
  },
  "aws:iam/rolePolicy:RolePolicy": {
    role: "r",
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }],
    }),
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
    role: "r",
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
  },
  "aws:iam/role:Role": {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    }),
  },
  "aws:cloudwatch/logGroup:LogGroup": { retentionInDays: 30 },
  "aws:kms/key:Key": { enableKeyRotation: true },
  "aws:sns/topic:Topic": {
    kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/0c1d2e3f-alarms",
  },
};

/** A planned resource of `type` with the happy inputs, changed by `change`. */
export function planned(
  type: string,
  change: Record<string, unknown> = {},
  name = "subject",
  extra: Partial<PlannedResource> = {},
): PlannedResource {
  return {
    type,
    name,
    urn: `urn:pulumi:test::ai-skills::${type}::${name}`,
    custom: true,
    inputs: { ...(happy[type] ?? {}), ...change },
    dependencies: [],
    ...extra,
  };
}

/** Runs one policy, mandatory, over the given resources; returns its results. */
export function run(
  policyName: string,
  resources: PlannedResource[],
  config: PackConfig = {},
): PolicyResult[] {
  const policy = allPolicies.find((p) => p.name === policyName);
  if (!policy) {
    throw new Error(`no policy named ${policyName}`);
  }
  return evaluatePolicies(resources, {
    stack: "test",
    config: { all: "mandatory", ...config },
    policies: [policy],
  });
}

/** The messages one policy reports for one resource of `type` with `change` applied. */
export function messages(
  policyName: string,
  type: string,
  change: Record<string, unknown> = {},
  config: PackConfig = {},
): string[] {
  return run(policyName, [planned(type, change)], config).map((r) => r.message);
}

export const containerFixture = container;
