import { strict as assert } from "assert";
import type { PlannedResource } from "../../infra/planned-resource";
import { planned, run } from "./fixtures";

/** Stack policies: a small, complete stack passes; removing or changing one resource fails. */

const parent = "urn:pulumi:test::ai-skills::ai-skills:storage:BackupBucket::backups";
const inBackups = { parent };

function stack(): PlannedResource[] {
  const alarm = (name: string, dimensions: Record<string, string>) =>
    planned(
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      { dimensions, alarmActions: ["topic"] },
      name,
    );
  return [
    { ...planned("ai-skills:storage:BackupBucket", {}, "backups"), urn: parent, custom: false },
    planned("aws:s3/bucket:Bucket", {}, "backups", inBackups),
    planned("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {}, "backups-pab", inBackups),
    planned(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      {},
      "backups-sse",
      inBackups,
    ),
    planned("aws:s3/bucketPolicy:BucketPolicy", {}, "backups-tls", inBackups),
    planned("aws:s3/bucketVersioning:BucketVersioning", {}, "backups-versioning", inBackups),
    planned(
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      {},
      "backups-lc",
      inBackups,
    ),
    planned(
      "aws:s3/bucketLogging:BucketLogging",
      { bucket: "b", targetBucket: "logs" },
      "backups-log",
      inBackups,
    ),
    planned("aws:rds/instance:Instance", {}, "db"),
    planned("aws:elasticache/replicationGroup:ReplicationGroup", {}, "cache"),
    planned("aws:lb/loadBalancer:LoadBalancer", {}, "alb"),
    planned("aws:ecs/service:Service", { name: "app-blue" }, "blue"),
    planned("aws:ecs/service:Service", { name: "app-green" }, "green"),
    planned("aws:lb/targetGroup:TargetGroup", {}, "tg-blue"),
    planned("aws:lb/targetGroup:TargetGroup", {}, "tg-green"),
    planned(
      "aws:lb/listener:Listener",
      {
        defaultActions: [
          {
            type: "forward",
            forward: {
              targetGroups: [
                { arn: "tg-blue", weight: 100 },
                { arn: "tg-green", weight: 0 },
              ],
            },
          },
        ],
      },
      "production",
    ),
    alarm("db-cpu", { DBInstanceIdentifier: "db" }),
    alarm("cache-cpu", { CacheClusterId: "cache-001" }),
    alarm("alb-5xx", { LoadBalancer: "app/alb/0123" }),
    alarm("blue-cpu", { ClusterName: "c", ServiceName: "app-blue" }),
    alarm("green-cpu", { ClusterName: "c", ServiceName: "app-green" }),
    planned(
      "aws:scheduler/schedule:Schedule",
      { scheduleExpression: "cron(0 3 * * ? *)", flexibleTimeWindow: { mode: "OFF" } },
      "backup-daily",
    ),
  ];
}

const without = (name: string) => stack().filter((r) => r.name !== name);
const changed = (name: string, change: Record<string, unknown>) =>
  stack().map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, ...change } } : r));
const messagesOf = (policy: string, resources: PlannedResource[]) =>
  run(policy, resources).map((r) => r.message);

type Case = [policy: string, broken: () => PlannedResource[], expected: string[]];

const cases: Case[] = [
  [
    "s3-bucket-has-public-access-block",
    () => without("backups-pab"),
    ["bucket backups has no BucketPublicAccessBlock with all four blocks on."],
  ],
  [
    "s3-bucket-encrypted",
    () => without("backups-sse"),
    ["bucket backups has no BucketServerSideEncryptionConfiguration."],
  ],
  [
    "s3-bucket-tls-only",
    () => changed("backups-tls", { policy: "{}" }),
    [
      "bucket backups: backups-tls does not provide BucketPolicy denying aws:SecureTransport = " +
        "false.",
    ],
  ],
  [
    "s3-backup-bucket-versioned",
    () => changed("backups-versioning", { versioningConfiguration: { status: "Suspended" } }),
    ['bucket backups: backups-versioning does not provide BucketVersioning with status "Enabled".'],
  ],
  [
    "s3-backup-bucket-expires",
    () => changed("backups-lc", { rules: [{ id: "r", status: "Enabled" }] }),
    [
      "bucket backups: backups-lc does not provide BucketLifecycleConfiguration with an enabled " +
        "expiration rule.",
    ],
  ],
  [
    "s3-backup-bucket-access-logged",
    () => without("backups-log"),
    ["bucket backups has no BucketLogging with a targetBucket."],
  ],
  [
    "stack-database-alarms",
    () => without("db-cpu"),
    [
      "database instance db has no alarm with a DBInstanceIdentifier dimension for it; add its " +
        "alarms.",
    ],
  ],
  [
    "stack-cache-alarms",
    () => without("cache-cpu"),
    [
      "cache replication group cache has no alarm with a CacheClusterId dimension for it; add " +
        "its alarms.",
    ],
  ],
  [
    "stack-load-balancer-alarms",
    () => without("alb-5xx"),
    ["load balancer alb has no alarm with a LoadBalancer dimension for it; add its alarms."],
  ],
  [
    "stack-service-alarms",
    () => without("green-cpu"),
    ["ECS service green has no alarm with a ServiceName dimension for it; add its alarms."],
  ],
  [
    "stack-alarms-notify",
    () => changed("db-cpu", { alarmActions: [] }),
    ["alarm db-cpu has no enabled alarmActions; notify the alarm topic."],
  ],
  [
    "stack-daily-backup-schedule",
    () => changed("backup-daily", { scheduleExpression: "rate(7 days)" }),
    [
      'no enabled daily schedule matching /backup/ (found backup-daily: "rate(7 days)"); ' +
        "schedule the backup daily.",
    ],
  ],
  [
    "stack-production-forward-both-colors",
    () =>
      changed("production", {
        defaultActions: [
          { type: "forward", forward: { targetGroups: [{ arn: "tg-blue", weight: 100 }] } },
        ],
      }),
    [
      "listener production forwards to 1 target group(s); list all 2 (blue and green) in " +
        "forward.targetGroups with weights.",
    ],
  ],
];

describe("stack policies: a complete stack passes, one change fails", () => {
  for (const [policy, broken, expected] of cases) {
    describe(policy, () => {
      it("passes the complete stack", () => {
        assert.deepEqual(messagesOf(policy, stack()), []);
      });
      it("reports the broken stack", () => {
        assert.deepEqual(messagesOf(policy, broken()), expected);
      });
    });
  }

  it("links a sub-resource by property dependency before anything else", () => {
    const resources = stack().map((r) =>
      r.name === "backups-pab"
        ? { ...r, parent: undefined, propertyDependencies: { bucket: [stack()[1].urn] } }
        : r,
    );
    assert.deepEqual(messagesOf("s3-bucket-has-public-access-block", resources), []);
  });

  it("counts the bucket of another component as unprotected", () => {
    const other = planned("aws:s3/bucket:Bucket", {}, "other-backups", { parent: "urn:other" });
    assert.deepEqual(messagesOf("s3-bucket-has-public-access-block", [...stack(), other]), [
      "bucket other-backups has no BucketPublicAccessBlock with all four blocks on.",
    ]);
  });

  it("accepts rate(1 day) and rejects a disabled schedule", () => {
    assert.deepEqual(
      messagesOf(
        "stack-daily-backup-schedule",
        changed("backup-daily", { scheduleExpression: "rate(1 day)" }),
      ),
      [],
    );
    assert.deepEqual(
      messagesOf("stack-daily-backup-schedule", changed("backup-daily", { state: "DISABLED" })),
      [
        'no enabled daily schedule matching /backup/ (found backup-daily: "cron(0 3 * * ? *)" ' +
          "(disabled)); schedule the backup daily.",
      ],
    );
  });
});
