import { strict as assert } from "node:assert";
import type { Plan } from "../../infra/plan-model";
import type { PlannedResource } from "../../infra/planned-resource";
import { ofType, realPlan, single } from "../helpers/plan";

type Inputs = Record<string, unknown>;
const inputs = (r: PlannedResource) => r.inputs as Inputs;

/** The resources whose inputs point at a given resource id (e.g. a bucket's sub-resources). */
function attachedTo(plan: Plan, type: string, field: string, id: string): PlannedResource[] {
  return ofType(plan, type).filter((r) => r.inputs[field] === id);
}

function backupBucket(plan: Plan): PlannedResource | undefined {
  return ofType(plan, "aws:s3/bucket:Bucket").find(
    (b) => b.name === `ai-skills-${plan.stack}-backups`,
  );
}

for (const stack of ["staging", "prod"] as const) {
  const prod = stack === "prod";

  describe(`data tier of the ${stack} stack`, () => {
    let plan: Plan;
    before(async () => {
      plan = await realPlan(stack);
      assert.deepEqual(plan.errors, []);
    });

    describe("RDS PostgreSQL", () => {
      it("is private, encrypted with the data key, and PostgreSQL 16", () => {
        const db = inputs(single(plan, "aws:rds/instance:Instance"));
        assert.equal(db.engine, "postgres");
        assert.equal(db.engineVersion, "16");
        assert.equal(db.publiclyAccessible, false);
        assert.equal(db.storageEncrypted, true);
        assert.match(String(db.kmsKeyId), /^arn:aws:kms:/);
        assert.equal(db.password, "[secret]");
      });

      it(`keeps ${prod ? 30 : 7} days of automated backups and protects per environment`, () => {
        const db = inputs(single(plan, "aws:rds/instance:Instance"));
        assert.equal(db.backupRetentionPeriod, prod ? 30 : 7);
        assert.equal(db.multiAz, prod);
        assert.equal(db.deletionProtection, prod);
        assert.equal(db.skipFinalSnapshot, !prod);
        assert.equal(db.finalSnapshotIdentifier, prod ? "ai-skills-prod-final" : undefined);
        assert.equal(db.copyTagsToSnapshot, true);
      });

      it("has Performance Insights, log exports and minor-version upgrades", () => {
        const db = inputs(single(plan, "aws:rds/instance:Instance"));
        assert.equal(db.performanceInsightsEnabled, true);
        assert.equal(db.performanceInsightsRetentionPeriod, prod ? 31 : 7);
        assert.deepEqual(db.enabledCloudwatchLogsExports, ["postgresql", "upgrade"]);
        assert.equal(db.autoMinorVersionUpgrade, true);
      });

      it("uses a parameter group that preloads pg_stat_statements at reboot", () => {
        const group = inputs(single(plan, "aws:rds/parameterGroup:ParameterGroup"));
        const db = inputs(single(plan, "aws:rds/instance:Instance"));
        assert.equal(group.family, "postgres16");
        assert.match(String(db.parameterGroupName), /-db-params-/);
        const params = group.parameters as { name: string; value: string; applyMethod: string }[];
        const preload = params.find((p) => p.name === "shared_preload_libraries");
        assert.deepEqual(preload, {
          name: "shared_preload_libraries",
          value: "pg_stat_statements",
          applyMethod: "pending-reboot",
        });
        const slow = params.find((p) => p.name === "log_min_duration_statement");
        assert.equal(slow?.value, "500");
      });

      it("keeps the master password in Secrets Manager, encrypted with the data key", () => {
        const generator = ofType(plan, "random:index/randomPassword:RandomPassword").find((r) =>
          r.name.endsWith("-db-master"),
        );
        assert.ok(generator);
        assert.equal(generator.inputs.overrideSpecial, "!#$%&*()-_=+[]{}<>:?");
        assert.equal(generator.inputs.length, 32);
        const secret = ofType(plan, "aws:secretsmanager/secret:Secret").find((r) =>
          r.name.endsWith("-db-master"),
        );
        assert.match(String(secret?.inputs.kmsKeyId), /^arn:aws:kms:/);
        const version = ofType(plan, "aws:secretsmanager/secretVersion:SecretVersion").find((r) =>
          r.name.endsWith("-db-master"),
        );
        assert.equal(version?.inputs.secretString, "[secret]");
      });
    });

    describe("ElastiCache Redis", () => {
      it("encrypts at rest and in transit with an AUTH token", () => {
        const redis = inputs(single(plan, "aws:elasticache/replicationGroup:ReplicationGroup"));
        assert.equal(redis.atRestEncryptionEnabled, true);
        assert.equal(redis.transitEncryptionEnabled, true);
        assert.equal(redis.authToken, "[secret]");
        assert.equal(redis.engine, "redis");
      });

      it(`${prod ? "fails over automatically across AZs" : "runs a single node"}`, () => {
        const redis = inputs(single(plan, "aws:elasticache/replicationGroup:ReplicationGroup"));
        assert.equal(redis.automaticFailoverEnabled, prod);
        assert.equal(redis.multiAzEnabled, prod);
        assert.equal(redis.numCacheClusters, prod ? 2 : 1);
        assert.equal(redis.snapshotRetentionLimit, prod ? 7 : 1);
      });

      it("draws the AUTH token only from ElastiCache's alphabet", () => {
        const generator = ofType(plan, "random:index/randomPassword:RandomPassword").find((r) =>
          r.name.endsWith("-cache-auth"),
        );
        assert.equal(generator?.inputs.overrideSpecial, "!&#$^<>-");
        assert.equal(generator?.inputs.length, 64);
      });
    });

    describe("backup bucket", () => {
      const bucketId = `ai-skills-${stack}-backups-0123abc`;

      it("is versioned, KMS-encrypted and blocks every kind of public access", () => {
        assert.ok(backupBucket(plan), "the backup bucket");
        const versioning = attachedTo(
          plan,
          "aws:s3/bucketVersioning:BucketVersioning",
          "bucket",
          bucketId,
        );
        assert.deepEqual(versioning[0]?.inputs.versioningConfiguration, { status: "Enabled" });
        const sse = attachedTo(
          plan,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "bucket",
          bucketId,
        );
        const rule = (sse[0]?.inputs.rules as Inputs[])[0];
        assert.equal((rule.applyServerSideEncryptionByDefault as Inputs).sseAlgorithm, "aws:kms");
        assert.equal(rule.bucketKeyEnabled, true);
        const block = attachedTo(
          plan,
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "bucket",
          bucketId,
        );
        assert.deepEqual(
          [
            block[0]?.inputs.blockPublicAcls,
            block[0]?.inputs.blockPublicPolicy,
            block[0]?.inputs.ignorePublicAcls,
            block[0]?.inputs.restrictPublicBuckets,
          ],
          [true, true, true, true],
        );
      });

      it("refuses requests without TLS", () => {
        const policy = attachedTo(plan, "aws:s3/bucketPolicy:BucketPolicy", "bucket", bucketId);
        const document = JSON.parse(String(policy[0]?.inputs.policy)) as { Statement: Inputs[] };
        assert.deepEqual(document.Statement[0], {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${bucketId}`, `arn:aws:s3:::${bucketId}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
      });

      it("has one lifecycle: tiering and expiry of dumps, old versions, markers, uploads", () => {
        const lifecycle = attachedTo(
          plan,
          "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
          "bucket",
          bucketId,
        );
        assert.equal(lifecycle.length, 1);
        assert.deepEqual(lifecycle[0].inputs.rules, [
          {
            id: "dumps-tiering-and-expiry",
            status: "Enabled",
            filter: { prefix: "postgres/" },
            transitions: prod
              ? [
                  { days: 30, storageClass: "STANDARD_IA" },
                  { days: 90, storageClass: "GLACIER_IR" },
                ]
              : [],
            expiration: { days: prod ? 365 : 30 },
          },
          {
            id: "noncurrent-versions-and-uploads",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: prod ? 30 : 7 },
            expiration: { expiredObjectDeleteMarker: true },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ]);
      });

      it("is named from the stack", () => {
        assert.equal(backupBucket(plan)?.parent?.split("::").pop(), `ai-skills-${stack}-backups`);
        assert.equal(plan.outputs?.backup && (plan.outputs.backup as Inputs).bucket, bucketId);
      });
    });

    describe("network and security groups", () => {
      it(`spans ${prod ? 3 : 2} AZs with public and private subnets`, () => {
        const subnets = ofType(plan, "aws:ec2/subnet:Subnet");
        assert.equal(subnets.length, prod ? 6 : 4);
        assert.ok(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false));
        assert.equal(ofType(plan, "aws:ec2/natGateway:NatGateway").length, prod ? 3 : 1);
      });

      it("gives every security group rule a description", () => {
        const rules = [
          ...ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
          ...ofType(plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
        ];
        assert.ok(rules.length >= 14);
        for (const rule of rules) {
          assert.ok(String(rule.inputs.description ?? "").length > 5, rule.name);
        }
      });

      it("admits the internet only to the ALB, on 80 and 443", () => {
        const open = ofType(
          plan,
          "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        ).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
        assert.deepEqual(
          open.map((r) => [r.inputs.securityGroupId, r.inputs.fromPort, r.inputs.toPort]).sort(),
          [
            [`ai-skills-${stack}-alb-id`, 443, 443],
            [`ai-skills-${stack}-alb-id`, 80, 80],
          ],
        );
      });

      it("admits PostgreSQL and Redis from the app and operations tasks only", () => {
        const ingress = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        const sources = (group: string) =>
          ingress
            .filter((r) => r.inputs.securityGroupId === `ai-skills-${stack}-${group}-id`)
            .map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.cidrIpv4])
            .sort();
        const from = (tier: string, port: number) => [
          `ai-skills-${stack}-${tier}-id`,
          port,
          undefined,
        ];
        assert.deepEqual(sources("database"), [from("app", 5432), from("ops", 5432)]);
        assert.deepEqual(sources("cache"), [from("app", 6379), from("ops", 6379)]);
        assert.deepEqual(
          sources("app").filter((s) => s[1] === 4000),
          [from("alb", 4000)],
        );
      });
    });

    it("gives every resource a distinct URN (the engine refuses duplicates)", () => {
      const urns = plan.resources.map((r) => r.urn);
      const duplicates = urns.filter((urn, i) => urns.indexOf(urn) !== i);
      assert.deepEqual(duplicates, []);
    });

    describe("tags and secrets", () => {
      it("tags every resource through the provider's default tags", () => {
        const provider = ofType(plan, "pulumi:providers:aws").find(
          (p) => p.name === `ai-skills-${stack}`,
        );
        assert.ok(provider, "the explicit AWS provider");
        const tags = JSON.parse(String(provider.inputs.defaultTags)) as { tags: Inputs };
        assert.deepEqual(tags.tags, {
          environment: prod ? "prod" : "staging",
          project: "ai-skills",
          owner: "platform-team",
          "cost-center": `ai-skills-${stack}`,
          stack,
          "managed-by": "pulumi",
        });
        const aws = plan.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        for (const resource of aws) {
          assert.match(String(resource.inputs.provider ?? "uses-parent"), /ai-skills|uses-parent/);
        }
      });

      it("exports no secret value, only the ARNs of the secrets", () => {
        const text = JSON.stringify(plan.outputs);
        assert.ok(!text.includes("MockSecretValue"), "a generated secret leaked into the outputs");
        const database = plan.outputs?.database as Inputs;
        assert.match(String(database.secretArn), /^arn:aws:secretsmanager:/);
        assert.equal(Object.keys(database).includes("password"), false);
      });

      it("generates no in-database roles unless the stack asks for them", () => {
        assert.equal(ofType(plan, "postgresql:index/role:Role").length, 0);
      });
    });
  });
}
