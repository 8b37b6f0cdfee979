import { strict as assert } from "assert";
import { containerFixture, messages } from "./fixtures";

/**
 * One row per resource policy: the happy fixture of its type passes, and changing one property
 * gives exactly the listed violation messages.
 */

const s3Pab = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const bucket = "aws:s3/bucket:Bucket";
const sse =
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const versioning = "aws:s3/bucketVersioning:BucketVersioning";
const bucketPolicy = "aws:s3/bucketPolicy:BucketPolicy";
const lifecycle = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const db = "aws:rds/instance:Instance";
const params = "aws:rds/parameterGroup:ParameterGroup";
const cache = "aws:elasticache/replicationGroup:ReplicationGroup";
const lb = "aws:lb/loadBalancer:LoadBalancer";
const listener = "aws:lb/listener:Listener";
const rule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const group = "aws:ec2/securityGroup:SecurityGroup";
const task = "aws:ecs/taskDefinition:TaskDefinition";
const service = "aws:ecs/service:Service";
const rolePolicy = "aws:iam/rolePolicy:RolePolicy";
const attachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const role = "aws:iam/role:Role";
const logGroup = "aws:cloudwatch/logGroup:LogGroup";
const key = "aws:kms/key:Key";
const topic = "aws:sns/topic:Topic";

const containers = (change: Record<string, unknown>) => ({
  containerDefinitions: JSON.stringify([{ ...containerFixture, ...change }]),
});
const document = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

type Case = [policy: string, type: string, change: Record<string, unknown>, expected: string[]];

const cases: Case[] = [
  [
    "s3-public-access-block-all",
    s3Pab,
    { ignorePublicAcls: false },
    ["ignorePublicAcls is false; set it to true."],
  ],
  [
    "s3-no-public-acl",
    bucket,
    { acl: "public-read" },
    ['acl is "public-read"; use private (or no ACL) for this bucket.'],
  ],
  [
    "s3-encryption-algorithm",
    sse,
    { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "none" } }] },
    [
      'no rule applies default encryption (found ["none"]); set ' +
        "applyServerSideEncryptionByDefault.sseAlgorithm to aws:kms or AES256.",
    ],
  ],
  [
    "s3-versioning-enabled",
    versioning,
    { versioningConfiguration: { status: "Suspended" } },
    ['versioningConfiguration.status is "Suspended"; set it to "Enabled".'],
  ],
  [
    "s3-tls-only-policy",
    bucketPolicy,
    {
      policy: document({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }),
    },
    ['policy has no Deny statement with Condition Bool aws:SecureTransport = "false"; add one.'],
  ],
  [
    "s3-abort-incomplete-uploads",
    lifecycle,
    { rules: [{ id: "r", status: "Enabled", expiration: { days: 30 } }] },
    ["no enabled rule sets abortIncompleteMultipartUpload.daysAfterInitiation; add one."],
  ],
  [
    "rds-storage-encrypted",
    db,
    { storageEncrypted: false },
    ["storageEncrypted is false; set it to true."],
  ],
  [
    "rds-not-publicly-accessible",
    db,
    { publiclyAccessible: true },
    ["publiclyAccessible is true; set it to false."],
  ],
  [
    "rds-backup-retention",
    db,
    { backupRetentionPeriod: 1 },
    ["backupRetentionPeriod is 1; keep at least 7 days."],
  ],
  ["rds-multi-az", db, { multiAz: false }, ["multiAz is false; set it to true."]],
  [
    "rds-deletion-protection",
    db,
    { deletionProtection: undefined },
    ["deletionProtection is unset; set it to true."],
  ],
  [
    "rds-final-snapshot",
    db,
    { skipFinalSnapshot: true },
    ["skipFinalSnapshot is true; set it to false and name a finalSnapshotIdentifier."],
  ],
  [
    "rds-performance-insights",
    db,
    { performanceInsightsEnabled: false },
    ["performanceInsightsEnabled is false; set it to true."],
  ],
  [
    "rds-log-exports",
    db,
    { enabledCloudwatchLogsExports: ["upgrade"] },
    ['enabledCloudwatchLogsExports is ["upgrade"]; add ["postgresql"].'],
  ],
  [
    "rds-auto-minor-version-upgrade",
    db,
    { autoMinorVersionUpgrade: false },
    ["autoMinorVersionUpgrade is false; set it to true or leave it unset."],
  ],
  [
    "rds-copy-tags-to-snapshot",
    db,
    { copyTagsToSnapshot: false },
    ["copyTagsToSnapshot is false; set it to true."],
  ],
  [
    "rds-custom-parameter-group",
    db,
    { parameterGroupName: "default.postgres16" },
    ['parameterGroupName is "default.postgres16"; use the project\'s parameter group.'],
  ],
  [
    "rds-pg-stat-statements",
    params,
    { parameters: [{ name: "shared_preload_libraries", value: "auto_explain" }] },
    ['shared_preload_libraries is "auto_explain"; include pg_stat_statements.'],
  ],
  [
    "rds-force-ssl",
    params,
    {
      parameters: [
        { name: "rds.force_ssl", value: "0" },
        { name: "shared_preload_libraries", value: "pg_stat_statements" },
      ],
    },
    ['rds.force_ssl is "0"; set it to "1" or leave it unset.'],
  ],
  [
    "elasticache-at-rest-encryption",
    cache,
    { atRestEncryptionEnabled: false },
    ["atRestEncryptionEnabled is false; set it to true."],
  ],
  [
    "elasticache-transit-encryption",
    cache,
    { transitEncryptionEnabled: false },
    ["transitEncryptionEnabled is false; set it to true."],
  ],
  [
    "elasticache-auth-token",
    cache,
    { authToken: undefined },
    ["authToken is unset; set an AUTH token (with transit encryption) or userGroupIds."],
  ],
  [
    "elasticache-automatic-failover",
    cache,
    { automaticFailoverEnabled: false },
    ["automaticFailoverEnabled is false; set it to true."],
  ],
  [
    "elasticache-multi-az",
    cache,
    { multiAzEnabled: false },
    ["multiAzEnabled is false; set it to true."],
  ],
  [
    "elasticache-snapshot-retention",
    cache,
    { snapshotRetentionLimit: 0 },
    ["snapshotRetentionLimit is 0; keep at least 1 days."],
  ],
  [
    "alb-drop-invalid-headers",
    lb,
    { dropInvalidHeaderFields: false },
    ["dropInvalidHeaderFields is false; set it to true."],
  ],
  [
    "alb-access-logs",
    lb,
    { accessLogs: { enabled: false, bucket: "logs" } },
    ["accessLogs.enabled is false; enable access logs."],
  ],
  [
    "alb-deletion-protection",
    lb,
    { enableDeletionProtection: false },
    ["enableDeletionProtection is false; set it to true."],
  ],
  [
    "alb-http-redirects-to-https",
    listener,
    { protocol: "HTTP", port: 80 },
    ['defaultActions[0] is "forward" on an HTTP listener; only a redirect to HTTPS is allowed.'],
  ],
  [
    "alb-tls-policy",
    listener,
    { sslPolicy: "ELBSecurityPolicy-2016-08" },
    [
      'sslPolicy is "ELBSecurityPolicy-2016-08"; use a TLS 1.2+ policy such as ' +
        "ELBSecurityPolicy-TLS13-1-2-2021-06.",
    ],
  ],
  [
    "sg-no-world-ingress",
    rule,
    { cidrIpv4: "0.0.0.0/0", referencedSecurityGroupId: undefined, fromPort: 22, toPort: 22 },
    [
      "rule allows 0.0.0.0/0 on ports 22-22; only the load balancer may be open to the world, on " +
        "tcp 80 and 443.",
    ],
  ],
  [
    "sg-rules-described",
    rule,
    { description: "" },
    ["rule has no description; say what the rule is for."],
  ],
  [
    "sg-group-described",
    group,
    { description: "Managed by Pulumi" },
    ['description is "Managed by Pulumi"; say what the group is for.'],
  ],
  [
    "ecs-no-privileged-containers",
    task,
    containers({ privileged: true }),
    ['container "app" has privileged: true; remove it.'],
  ],
  [
    "ecs-read-only-root-filesystem",
    task,
    containers({ readonlyRootFilesystem: false }),
    [
      'container "app" has readonlyRootFilesystem false; set it to true (mount a volume for ' +
        "writable paths).",
    ],
  ],
  [
    "ecs-no-plaintext-secrets",
    task,
    containers({ environment: [{ name: "REDIS_AUTH_TOKEN", value: "abc" }] }),
    [
      'container "app" sets REDIS_AUTH_TOKEN in plain environment; move it to secrets (valueFrom ' +
        "Secrets Manager).",
    ],
  ],
  [
    "ecs-container-logging",
    task,
    containers({ logConfiguration: undefined }),
    ['container "app" has no logConfiguration; send its logs to awslogs.'],
  ],
  [
    "ecs-separate-execution-role",
    task,
    { taskRoleArn: "arn:aws:iam::1:role/exec" },
    ["executionRoleArn and taskRoleArn are the same role; give the app its own task role."],
  ],
  [
    "ecs-no-public-ip",
    service,
    { networkConfiguration: { subnets: ["s"], assignPublicIp: true } },
    ["networkConfiguration.assignPublicIp is true; set it to false."],
  ],
  [
    "iam-no-wildcard-admin",
    rolePolicy,
    { policy: document({ Effect: "Allow", Action: "*", Resource: "*" }) },
    ['policy Statement[0] allows action "*" on resource "*"; name the actions needed.'],
  ],
  [
    "iam-no-admin-attachment",
    attachment,
    { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
    [
      'policyArn is "arn:aws:iam::aws:policy/AdministratorAccess"; attach a policy scoped to ' +
        "what the role needs.",
    ],
  ],
  [
    "iam-trust-no-wildcard-principal",
    role,
    {
      assumeRolePolicy: document({
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
      }),
    },
    ['assumeRolePolicy Statement[0] trusts principal "*"; name the principal.'],
  ],
  [
    "logs-retention-set",
    logGroup,
    { retentionInDays: 0 },
    ["retentionInDays is 0; set a retention period."],
  ],
  [
    "logs-retention-minimum",
    logGroup,
    { retentionInDays: 7 },
    ["retentionInDays is 7; keep logs at least 30 days."],
  ],
  [
    "kms-key-rotation",
    key,
    { enableKeyRotation: false },
    ["enableKeyRotation is false; set it to true."],
  ],
  [
    "sns-topic-customer-key",
    topic,
    { kmsMasterKeyId: "alias/aws/sns" },
    [
      "kmsMasterKeyId is alias/aws/sns; alarms cannot use that key: use a customer-managed key " +
        "whose policy lets cloudwatch.amazonaws.com decrypt and generate data keys.",
    ],
  ],
];

describe("resource policies: one happy fixture, one changed property", () => {
  for (const [policy, type, change, expected] of cases) {
    describe(policy, () => {
      it("passes the happy fixture", () => {
        assert.deepEqual(messages(policy, type), []);
      });
      it(`fails when ${Object.keys(change).join(", ")} changes`, () => {
        assert.deepEqual(messages(policy, type, change), expected);
      });
    });
  }
});
