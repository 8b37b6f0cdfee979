import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { runOffline, type OfflineRun } from "../../infra/mock-runtime";
import { projectDir } from "../helpers/plan";

/** The default a field's doc comment states: `Default <value>` in the comment above it. */
function documentedDefault(file: string, field: string): string {
  const source = fs.readFileSync(path.join(projectDir, file), "utf8");
  const match = new RegExp(`/\\*\\*[^*]*Default ([^.]+)\\.[^*]*\\*/\\s*readonly ${field}\\?:`).exec(
    source,
  );
  assert.ok(match, `${file}: \`${field}\` has no "Default ..." in its doc comment`);
  return match[1].replace(/`/g, "").trim();
}

describe("component defaults match their doc comments", () => {
  let run: OfflineRun;
  before(async () => {
    run = await runOffline(
      {
        stack: "fixture",
        project: "ai-skills",
        config: { "aws:region": "eu-west-1" },
        secretKeys: [],
      },
      path.join(projectDir, "test/fixtures/minimal-components.ts"),
    );
    assert.equal(run.error, undefined, run.error?.message);
  });
  const count = (type: string) => run.resources.filter((r) => r.type === type).length;
  const only = (type: string) => {
    const found = run.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, type);
    return found[0].inputs;
  };

  it("Network: availabilityZones", () => {
    assert.equal(documentedDefault("components/network.ts", "availabilityZones"), "2");
    assert.equal(count("aws:ec2/subnet:Subnet"), 2 * 2);
  });

  it("Network: natGateways", () => {
    assert.equal(documentedDefault("components/network.ts", "natGateways"), "single");
    assert.equal(count("aws:ec2/natGateway:NatGateway"), 1);
  });

  it("Database: applyImmediately", () => {
    assert.equal(documentedDefault("components/database.ts", "applyImmediately"), "false");
    assert.equal(only("aws:rds/instance:Instance").applyImmediately, false);
  });

  it("Cache: applyImmediately", () => {
    assert.equal(documentedDefault("components/cache.ts", "applyImmediately"), "false");
    assert.equal(only("aws:elasticache/replicationGroup:ReplicationGroup").applyImmediately, false);
  });

  it("Cache: snapshotWindow and maintenanceWindow", () => {
    const redis = only("aws:elasticache/replicationGroup:ReplicationGroup");
    assert.match(documentedDefault("components/cache.ts", "snapshotWindow"), /^02:00-03:00/);
    assert.equal(redis.snapshotWindow, "02:00-03:00");
    assert.match(
      documentedDefault("components/cache.ts", "maintenanceWindow"),
      /^sun:05:30-sun:06:30/,
    );
    assert.equal(redis.maintenanceWindow, "sun:05:30-sun:06:30");
  });

  it("a Network over fewer than two AZs is refused, naming the argument", async () => {
    const { Network } = await import("../../components/network");
    assert.throws(
      () => new Network("one-az", { cidrBlock: "10.0.0.0/16", availabilityZones: 1 }),
      /^Error: Network one-az: `availabilityZones` is 1; use 2 or more$/,
    );
  });
});
