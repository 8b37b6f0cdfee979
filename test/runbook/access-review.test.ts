import assert from "node:assert/strict";
import { runRunbook } from "./support/run-runbook";
import { targetOutputs, writeOutputsFile } from "./support/fixtures";
import { createTestDatabase } from "./support/services";
import { prepareAppSchema } from "../../local/app-schema";

interface AccessReport {
  status: string;
  exitCode: number;
  activeDays: number;
  staleDays: number;
  activeUsers: { username: string; role: string }[];
  admins: { username: string; isActive: boolean; lastLogin: string | null }[];
  keysUsed: { keyName: string }[];
  findings: { kind: string; subject: string; idleDays: number | null }[];
  missingTables?: string[];
  message?: string;
}

describe("runbook access-review", function () {
  let withTables: Awaited<ReturnType<typeof createTestDatabase>>;
  let empty: Awaited<ReturnType<typeof createTestDatabase>>;

  before(async function () {
    withTables = await createTestDatabase("access");
    await prepareAppSchema(withTables.client);
    empty = await createTestDatabase("noapp");
  });

  after(async function () {
    await withTables.drop();
    await empty.drop();
  });

  const outputsFor = (name: string) => writeOutputsFile(targetOutputs({ database: { name } }));

  it("lists active users, admins, keys in use and every finding, exit 1", async function () {
    const run = await runRunbook([
      "access-review",
      "--outputs",
      outputsFor(withTables.name),
      "--json",
    ]);
    const report = run.json<AccessReport>();

    assert.equal(run.exitCode, 1, run.stderr);
    assert.equal(report.status, "findings");
    assert.equal(report.activeDays, 30);
    assert.equal(report.staleDays, 90);
    assert.deepEqual(
      report.activeUsers.map((user) => [user.username, user.role]),
      [
        ["alice", "admin"],
        ["carol", "user"],
      ],
    );
    assert.deepEqual(
      report.admins.map((admin) => [admin.username, admin.isActive, admin.lastLogin === null]),
      [
        ["alice", true, false],
        ["bob", true, false],
        ["frank", true, true],
      ],
    );
    assert.deepEqual(
      report.keysUsed.map((key) => key.keyName),
      ["ci-deploy", "reporting"],
    );
    assert.deepEqual(
      report.findings.map((f) => [f.kind, f.subject, f.idleDays]),
      [
        ["admin-inactive", "bob", 120],
        ["admin-inactive", "frank", null],
        ["api-key-never-used", "never-used", null],
        ["api-key-unused", "old-integration", 200],
      ],
    );
  });

  it("moves the thresholds with --active-days and --stale-days", async function () {
    const args = ["access-review", "--outputs", outputsFor(withTables.name), "--json"];
    const run = await runRunbook([...args, "--active-days", "60", "--stale-days", "365"]);
    const report = run.json<AccessReport>();

    assert.deepEqual(
      report.activeUsers.map((user) => user.username),
      ["alice", "carol", "dave"],
    );
    assert.deepEqual(
      report.findings.map((f) => f.subject),
      ["frank", "never-used"],
    );
  });

  it("prints the four sections for people", async function () {
    const run = await runRunbook(["access-review", "--outputs", outputsFor(withTables.name)]);

    assert.match(run.stdout, /^Users active in the last 30 days \(2\)$/m);
    assert.match(run.stdout, /^Admins \(3\)$/m);
    assert.match(run.stdout, /^frank\s+yes\s+never$/m);
    assert.match(run.stdout, /^API keys used in the last 30 days \(2\)$/m);
    assert.match(run.stdout, /^Findings \(idle over 90 days or never used\): 4$/m);
    assert.match(
      run.stdout,
      /^api-key-unused\s+old-integration\s+200\s+key unused for over 90 days/m,
    );
  });

  it("says which tables are missing and where to point it, exit 2", async function () {
    const run = await runRunbook(["access-review", "--outputs", outputsFor(empty.name), "--json"]);
    const report = run.json<AccessReport>();

    assert.equal(run.exitCode, 2);
    assert.equal(report.status, "tables-missing");
    assert.deepEqual(report.missingTables, ["users", "api_keys"]);
    assert.equal(
      report.message,
      `table users and api_keys not found in database ${empty.name}; point the runbook at the ` +
        "app's database (database.name in the outputs) or run the app's migrations",
    );
  });

  it("rejects --stale-days 0 with what would be right, exit 2", async function () {
    const args = ["access-review", "--outputs", outputsFor(withTables.name), "--stale-days", "0"];
    const run = await runRunbook(args);

    assert.equal(run.exitCode, 2);
    assert.match(
      run.stderr,
      /'0' is invalid\. expected a whole number of days, at least 1, e\.g\. 90/,
    );
  });
});
