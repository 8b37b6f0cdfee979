import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Client } from "pg";
import { LocalS3 } from "../../local/s3";
import { runRunbook } from "./support/run-runbook";
import { writeOutputsFile } from "./support/fixtures";
import { createTestDatabase, localPostgres } from "./support/services";
import { backupTarget, startTestS3 } from "./support/backup-fixtures";

const bin = path.resolve(__dirname, "../../bin/runbook.js");
const bucket = "interrupt-backups";

/** Databases whose names start with verify_, on the local server. */
async function scratchDatabases(): Promise<string[]> {
  const admin = new Client({ ...localPostgres, database: "postgres" });
  await admin.connect();
  try {
    const found = await admin.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'verify_%'",
    );
    return found.rows.map((r: { datname: string }) => r.datname).sort();
  } finally {
    await admin.end();
  }
}

const tempDirs = (prefix: string) => readdirSync(tmpdir()).filter((d) => d.startsWith(prefix));

/** Runs bin/runbook.js and sends it SIGTERM once `busy()` says it is in the middle of its work. */
function runAndStop(args: string[], env: NodeJS.ProcessEnv, busy: () => Promise<boolean>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    let done = false;
    const poll = async () => {
      if (done) return;
      if (await busy()) child.kill("SIGTERM");
      else setTimeout(poll, 50);
    };
    void poll();
    child.on("close", (code) => {
      done = true;
      resolve({ code, stderr });
    });
  });
}

describe("runbook stopped by SIGTERM (an ECS task being stopped)", function () {
  this.timeout(120_000);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let s3: LocalS3;
  let env: NodeJS.ProcessEnv;
  let outputsFile: string;

  before(async function () {
    database = await createTestDatabase("interrupt");
    // Enough rows that a restore takes several seconds.
    await database.client.query(
      "CREATE TABLE events AS SELECT g AS id, md5(g::text) AS body, now() AS at " +
        "FROM generate_series(1, 1500000) AS g",
    );
    s3 = await startTestS3([bucket]);
    env = { RUNBOOK_S3_ENDPOINT: s3.endpoint };
    outputsFile = writeOutputsFile(backupTarget(database.name, bucket));
    const backup = await runRunbook(["backup", "--outputs", outputsFile, "--json"], { env });
    assert.equal(backup.exitCode, 0, backup.stderr);
  });

  after(async function () {
    await s3.close();
    await database.drop();
  });

  it("backup-verify stops pg_restore, drops its scratch db and files, exit 143", async function () {
    const before = await scratchDatabases();
    const started = Date.now();
    const restoring = async () => (await scratchDatabases()).length > before.length;
    const run = await runAndStop(["backup-verify", "--outputs", outputsFile], env, restoring);

    assert.equal(run.code, 143, run.stderr);
    assert.match(
      run.stderr,
      /runbook: SIGTERM received: stopping the current step and cleaning up/,
    );
    assert.ok(Date.now() - started < 20_000, "stopped within the grace period");
    assert.deepEqual(await scratchDatabases(), before);
    assert.deepEqual(tempDirs("runbook-verify-"), []);
  });

  it("backup stops pg_dump and writes no manifest, exit 143", async function () {
    const dumping = async () => tempDirs("runbook-backup-").length > 0;
    const run = await runAndStop(["backup", "--outputs", outputsFile], env, dumping);

    assert.equal(run.code, 143, run.stderr);
    assert.match(run.stderr, /no manifest was written, so no backup was marked complete/);
    assert.deepEqual(tempDirs("runbook-backup-"), []);
  });
});
