import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { fixtureProject, projectDir, realConfigWith } from "../helpers/plan";

const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run plan -- <args>` the way a person would, without npm's banner. */
async function plan(...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(projectDir, "infra/plan.ts"), ...args],
      { cwd: projectDir, env: { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "" } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface JsonPlan {
  stack: string;
  resources: { type: string; name: string; parent?: string; inputs: Record<string, unknown> }[];
  counts: Record<string, number>;
  outputs?: Record<string, unknown>;
  errors: string[];
  config: Record<string, string>;
}

describe("npm run plan", function () {
  this.timeout(120_000);

  for (const stack of ["staging", "prod"]) {
    it(`--json lists the data tier of ${stack}, with parents, and exits 0`, async () => {
      const result = await plan("--stack", stack, "--json");
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout) as JsonPlan;
      assert.equal(json.stack, stack);
      assert.deepEqual(json.errors, []);
      const types = new Set(json.resources.map((r) => r.type));
      for (const type of [
        "aws:rds/instance:Instance",
        "aws:rds/parameterGroup:ParameterGroup",
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "random:index/randomPassword:RandomPassword",
        "aws:secretsmanager/secret:Secret",
        "aws:ec2/securityGroup:SecurityGroup",
      ]) {
        assert.ok(types.has(type), `${type} missing from the ${stack} plan`);
      }
      const instance = json.resources.find((r) => r.type === "aws:rds/instance:Instance");
      assert.match(String(instance?.parent), /ai-skills:database:Database::ai-skills-.*-db$/);
      assert.equal(json.counts["aws:ec2/securityGroup:SecurityGroup"], 5);
      assert.match(
        String((json.outputs?.database as Record<string, unknown>).host),
        /rds\.amazonaws\.com$/,
      );
    });
  }

  it("prints a tree by component, counts by type and the outputs for people", async () => {
    const result = await plan("--stack", "prod");
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Offline plan of stack prod \(project ai-skills, region eu-west-1\)/,
    );
    assert.match(result.stdout, /\n {2}ai-skills-prod-db {2}ai-skills:database:Database\n {4}\S/);
    assert.match(result.stdout, /\n {4}ai-skills-prod-db-instance {2}aws:rds\/instance:Instance\n/);
    assert.match(result.stdout, /\nCounts by type:\n/);
    assert.match(result.stdout, /\n +1 {2}aws:rds\/instance:Instance\n/);
    assert.match(result.stdout, /\n {2}database\.instanceIdentifier = ai-skills-prod\n/);
  });

  it("names the stacks that exist when asked for one that does not, exit 2", async () => {
    const result = await plan("--stack", "qa");
    assert.equal(result.code, 2);
    assert.equal(result.stdout, "");
    assert.equal(
      result.stderr,
      'plan: unknown stack "qa": there is no Pulumi.qa.yaml; stacks here: prod, staging\n',
    );
  });

  it("needs --stack; says which stacks exist and how to pass it through npm, exit 2", async () => {
    const result = await plan();
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "plan: name a stack with --stack <name> (stacks here: prod, staging); " +
        "through npm: npm run plan -- --stack staging\n",
    );
  });

  it("names a project folder without Pulumi.yaml and the fix, exit 2", async () => {
    const result = await plan("--stack", "prod", "--project-dir", "/nonexistent-ai-skills");
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "plan: /nonexistent-ai-skills holds no Pulumi.yaml; run from the project root or pass " +
        "--project-dir <folder with Pulumi.yaml>\n",
    );
  });

  it("reports every broken setting in one run, also on stderr, with no resource tree", async () => {
    const dir = fixtureProject(
      "multi",
      realConfigWith("prod", {
        "ai-skills:database": { backupRetentionDays: 99, identifier: "BAD_id" },
        "ai-skills:cache": { nodes: 9 },
        "ai-skills:backup": { infrequentAccessAfterDays: 10 },
      }),
    );
    const result = await plan("--stack", "multi", "--project-dir", dir);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /\nErrors \(4\): the program stopped before it finished\.\n/);
    assert.match(result.stdout, /database\.identifier = "BAD_id": an RDS identifier must start/);
    assert.match(result.stdout, /backup\.infrequentAccessAfterDays = 10: S3 moves nothing/);
    assert.match(
      result.stdout,
      /\nNo resources were declared: fix the errors above and plan again\.\n$/,
    );
    assert.match(result.stderr, /^plan: stack multi stopped with 4 error\(s\); first: /);
  });

  it("never echoes a plain-text secret a stack file holds by mistake", async () => {
    const config = realConfigWith("staging", {
      "ai-skills:app": { environment: { DATABASE_PASSWORD: "Sup3rS3cretValue!" } },
    });
    const dir = fixtureProject("leaky", config);
    for (const args of [["--json"], []]) {
      const result = await plan("--stack", "leaky", "--project-dir", dir, ...args);
      assert.equal(result.code, 1);
      assert.ok(!result.stdout.includes("Sup3rS3cretValue"), `stdout of ${args.join(" ")}`);
      assert.ok(!result.stderr.includes("Sup3rS3cretValue"), `stderr of ${args.join(" ")}`);
    }
  });

  it("stops before any resource on a bad setting, naming key, value and rule, exit 1", async () => {
    const dir = fixtureProject(
      "broken",
      realConfigWith("prod", { "ai-skills:database": { backupRetentionDays: 3 } }),
    );
    const result = await plan("--stack", "broken", "--project-dir", dir, "--json");
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout) as JsonPlan;
    assert.deepEqual(json.errors, [
      "ai-skills:database.backupRetentionDays = 3: prod needs at least 7 days of automated " +
        "backups (0-35)",
    ]);
    assert.deepEqual(json.resources, []);
    assert.equal(json.outputs, undefined);
  });

  it("fails a plan whose valid settings break a mandatory policy; names it and where", async () => {
    const dir = fixtureProject(
      "lax",
      realConfigWith("staging", { "ai-skills:database": { backupRetentionDays: 0 } }),
    );
    const result = await plan("--stack", "lax", "--project-dir", dir);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      new RegExp(
        String.raw`\nPolicies \(policies\/config\/staging\.json\): ` +
          String.raw`\d+ evaluated, 1 violation\(s\), 1 mandatory\n`,
      ),
    );
    assert.match(
      result.stdout,
      new RegExp(
        String.raw`\n {2}\[mandatory\] rds-backup-retention: ` +
          String.raw`ai-skills-lax-db-instance \(aws:rds\/instance:Instance\): `,
      ),
    );
    assert.equal(
      result.stderr,
      "plan: 1 mandatory policy violation(s); first: rds-backup-retention on " +
        "ai-skills-lax-db-instance\n",
    );
  });

  it("prints every policy passing for the real stacks", async () => {
    const result = await plan("--stack", "staging");
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        String.raw`\nPolicies \(policies\/config\/staging\.json\): ` +
          String.raw`\d+ evaluated, 0 violation\(s\), 0 mandatory\n {2}all pass\n`,
      ),
    );
  });

  it("shows a secure: value as [secret] and never its ciphertext", async () => {
    const config = realConfigWith("staging", {});
    config["ai-skills:owner"] = { secure: "AAABADQXFlU0mxC/cipher/text==" };
    const dir = fixtureProject("sealed", config);
    const json = await plan("--stack", "sealed", "--project-dir", dir, "--json");
    const human = await plan("--stack", "sealed", "--project-dir", dir);
    for (const result of [json, human]) {
      assert.ok(!result.stdout.includes("AAABADQXFlU0mxC"), "ciphertext printed");
    }
    assert.equal((JSON.parse(json.stdout) as JsonPlan).config["ai-skills:owner"], "[secret]");
  });

  it("applies Pulumi.yaml's project defaults where the stack sets nothing", async () => {
    const config = realConfigWith("staging", {});
    delete config["ai-skills:costCenter"];
    const dir = fixtureProject("defaults", config);
    const result = await plan("--stack", "defaults", "--project-dir", dir, "--json");
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as JsonPlan;
    assert.equal(json.config["ai-skills:costCenter"], "ai-skills");
  });
});
