import assert from "node:assert/strict";
import { Client } from "pg";
import { runRunbook } from "./support/run-runbook";
import { targetOutputs, writeOutputsFile } from "./support/fixtures";
import { createTestDatabase, freePort, localPostgres } from "./support/services";
import { shortenQuery } from "../../scripts/adapters/database-session";
import { deadRatio } from "../../scripts/commands/db-queries";

interface MaintenanceReport {
  status: string;
  exitCode: number;
  dryRun: boolean;
  longQueryThresholdSeconds: number;
  maintenance: { statement: string; status: string; durationMs: number | null }[];
  longRunningQueries: { pid: number; durationSeconds: number; query: string; state: string }[];
  largestTables: { schema: string; table: string; totalBytes: number }[];
  deadTuples: { table: string; liveTuples: number; deadTuples: number; deadRatio: number }[];
}

async function lastVacuum(client: Client, table: string): Promise<Date | null> {
  const { rows } = await client.query(
    "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = $1",
    [table],
  );
  return rows[0].last_vacuum;
}

describe("runbook db-maintenance", function () {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let outputsFile: string;

  before(async function () {
    database = await createTestDatabase("maint");
    const client = database.client;
    await client.query("CREATE TABLE events (id int PRIMARY KEY, payload text)");
    await client.query(
      "INSERT INTO events SELECT g, repeat(md5(g::text), 20) FROM generate_series(1, 5000) g",
    );
    await client.query("DELETE FROM events WHERE id <= 2000");
    await client.query("CREATE TABLE small (id int)");
    await client.query("INSERT INTO small VALUES (1), (2)");
    await client.query("SELECT pg_stat_force_next_flush()");
    await client.query("SELECT 1");
    outputsFile = writeOutputsFile(targetOutputs({ database: { name: database.name } }));
  });

  after(async function () {
    await database.drop();
  });

  it("with --dry-run reports tables and dead rows and changes nothing", async function () {
    const run = await runRunbook([
      "db-maintenance",
      "--outputs",
      outputsFile,
      "--dry-run",
      "--json",
    ]);
    const report = run.json<MaintenanceReport>();

    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(report.dryRun, true);
    assert.equal(report.longQueryThresholdSeconds, 300);
    assert.deepEqual(report.maintenance, [
      { statement: "ANALYZE", status: "skipped", durationMs: null },
      { statement: "VACUUM (ANALYZE)", status: "skipped", durationMs: null },
    ]);
    assert.deepEqual(
      report.largestTables.map((table) => `${table.schema}.${table.table}`),
      ["public.events", "public.small"],
    );
    assert.ok(report.largestTables[0].totalBytes > report.largestTables[1].totalBytes);
    const events = report.deadTuples.find((row) => row.table === "events");
    assert.deepEqual(events, {
      schema: "public",
      table: "events",
      liveTuples: 3000,
      deadTuples: 2000,
      deadRatio: 0.4,
    });
    assert.equal(await lastVacuum(database.client, "events"), null);
  });

  it("runs ANALYZE and VACUUM (ANALYZE) and prints the sections", async function () {
    const run = await runRunbook(["db-maintenance", "--outputs", outputsFile]);

    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /^ANALYZE\s+done\s+\d+ ms$/m);
    assert.match(run.stdout, /^VACUUM \(ANALYZE\)\s+done\s+\d+ ms$/m);
    assert.match(run.stdout, /^Queries running longer than 5m 0s\n {2}\(none\)$/m);
    assert.match(run.stdout, /^public\.events\s+\d+\.\d (kB|MB)$/m);
    assert.match(run.stdout, /^public\.events\s+3000\s+2000\s+40\.0%$/m);
    assert.notEqual(await lastVacuum(database.client, "events"), null);
  });

  it("reports a query running past the threshold with pid and query, exit 1", async function () {
    const sleeper = new Client({ ...localPostgres, database: database.name });
    await sleeper.connect();
    const pid = (await sleeper.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
    const sleeping = sleeper.query("SELECT pg_sleep(30) /* long report */").catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    try {
      const run = await runRunbook([
        "db-maintenance",
        "--outputs",
        outputsFile,
        "--dry-run",
        "--json",
        "--long-query-minutes",
        "0.01",
      ]);
      const report = run.json<MaintenanceReport>();

      assert.equal(run.exitCode, 1);
      assert.equal(report.status, "attention");
      assert.equal(report.longRunningQueries.length, 1);
      const [query] = report.longRunningQueries;
      assert.equal(query.pid, pid);
      assert.equal(query.state, "active");
      assert.equal(query.query, "SELECT pg_sleep(30) /* long report */");
      assert.ok(query.durationSeconds >= 1 && query.durationSeconds < 30);
    } finally {
      await database.client.query("SELECT pg_cancel_backend($1)", [pid]);
      await sleeping;
      await sleeper.end();
    }
  });

  it("exits 3 with the endpoint named when the database cannot be reached", async function () {
    const port = await freePort();
    const file = writeOutputsFile(targetOutputs({ database: { port } }));
    const run = await runRunbook(["db-maintenance", "--outputs", file]);

    assert.equal(run.exitCode, 3);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      `runbook: PostgreSQL 127.0.0.1:${port} database ai_skills: connection refused; ` +
        "check that the server runs and the port is right\n",
    );
  });

  it("rejects a non-numeric threshold with what would be right, exit 2", async function () {
    const run = await runRunbook([
      "db-maintenance",
      "--outputs",
      outputsFile,
      "--long-query-minutes",
      "soon",
    ]);

    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /'soon' is invalid\. expected a positive number of minutes, e\.g\. 5/);
  });

  it("shortens queries to one line and computes dead ratios", function () {
    assert.equal(shortenQuery("SELECT *\n  FROM   users", 80), "SELECT * FROM users");
    assert.equal(shortenQuery("x".repeat(100), 10), `${"x".repeat(9)}…`);
    assert.equal(deadRatio(0, 0), 0);
    assert.equal(deadRatio(3, 1), 0.25);
  });
});
