import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalS3, startLocalS3 } from "../../local/s3";
import { BackupStore, S3BackupStore } from "../../scripts/adapters/backup-store";
import { parseToolVersion, requireClientVersion } from "../../scripts/adapters/pg-tools";
import { runRunbook } from "./support/run-runbook";
import { writeOutputsFile } from "./support/fixtures";
import { createTestDatabase, freePort } from "./support/services";
import {
  FakeMetricsPublisher,
  backupTarget,
  expectedRows,
  fillVariedData,
  startTestS3,
} from "./support/backup-fixtures";

interface BackupReport {
  status: string;
  dryRun: boolean;
  key: string;
  manifestKey: string;
  sizeBytes: number;
  sha256: string;
  durationMs: number;
  tables: { schema: string; table: string; rows: number }[];
  metric: { status: string; namespace: string; note?: string };
}

const bucket = "backups";
const backupTempDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith("runbook-backup-"));

describe("runbook backup", function () {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let s3: LocalS3;
  let store: BackupStore;
  let outputsFile: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    database = await createTestDatabase("backup");
    await fillVariedData(database.client);
    s3 = await startTestS3([bucket, "other"]);
    env = { RUNBOOK_S3_ENDPOINT: s3.endpoint };
    store = S3BackupStore.create({ bucket, region: "us-east-1", endpoint: s3.endpoint, env: {} });
    outputsFile = writeOutputsFile(backupTarget(database.name, bucket));
  });

  after(async function () {
    await s3.close();
    await database.drop();
  });

  it("with --dry-run checks database, pg_dump and bucket, and writes nothing", async function () {
    const publisher = new FakeMetricsPublisher();
    const before = backupTempDirs();
    const run = await runRunbook(["backup", "--outputs", outputsFile, "--dry-run", "--json"], {
      env,
      metrics: { publisher },
    });

    assert.equal(run.exitCode, 0, run.stderr);
    const report = run.json<BackupReport & { serverVersion: string; pgDumpVersion: string }>();
    assert.equal(report.dryRun, true);
    assert.match(report.key, new RegExp(`^dumps/\\d{4}/\\d{2}/\\d{2}/${database.name}-\\d{8}T`));
    assert.match(report.serverVersion, /^\d+\.\d+/);
    assert.deepEqual(await store.list(""), []);
    assert.deepEqual(publisher.published, []);
    assert.deepEqual(backupTempDirs(), before);
  });

  it("stores the dump, then a manifest with exact row counts; metric sent once", async function () {
    const publisher = new FakeMetricsPublisher();
    const run = await runRunbook(["backup", "--outputs", outputsFile, "--json"], {
      env,
      metrics: { publisher },
    });

    assert.equal(run.exitCode, 0, run.stderr);
    const report = run.json<BackupReport>();
    assert.equal(report.status, "ok");
    assert.equal(report.manifestKey, `${report.key}.manifest.json`);
    const counts = Object.fromEntries(report.tables.map((t) => [`${t.schema}.${t.table}`, t.rows]));
    assert.deepEqual(counts, expectedRows);

    const listed = await store.list("dumps/");
    assert.deepEqual(listed.map((o) => o.key).sort(), [report.key, report.manifestKey]);
    assert.equal(listed.find((o) => o.key === report.key)?.size, report.sizeBytes);
    const stored = await downloadBytes(store, report.key);
    assert.equal(createHash("sha256").update(stored).digest("hex"), report.sha256);
    assert.equal(stored.subarray(0, 5).toString(), "PGDMP");

    const manifest = JSON.parse(await store.getText(report.manifestKey));
    assert.equal(manifest.sha256, report.sha256);
    assert.equal(manifest.sizeBytes, report.sizeBytes);
    assert.deepEqual(manifest.tables, report.tables);
    assert.match(manifest.pgDumpVersion, /^\d+\.\d+$/);
    assert.ok(manifest.startedAt <= manifest.finishedAt);

    assert.equal(publisher.published.length, 1);
    const [datum] = publisher.published;
    assert.equal(datum.namespace, "AiSkills/Local");
    assert.equal(datum.name, "BackupSucceeded");
    assert.equal(datum.value, 1);
    assert.equal(datum.unit, "Count");
    assert.deepEqual(datum.dimensions, { Stack: "local" });
    assert.equal(report.metric.status, "published");
    assert.deepEqual(backupTempDirs(), []);
  });

  it("never sends a local dump to real S3: refuses without an endpoint, exit 2", async function () {
    const local = writeOutputsFile({
      ...backupTarget(database.name, bucket),
      loadBalancerArn: "local",
    });
    const run = await runRunbook(["backup", "--outputs", local], { env: {} });

    assert.equal(run.exitCode, 2);
    assert.match(
      run.stderr,
      /the local target's bucket lives in the S3 stand-in: set RUNBOOK_S3_ENDPOINT/,
    );
    assert.deepEqual(backupTempDirs(), []);
  });

  it("shows upload progress to a person, and none with --json", async function () {
    const updates: [string, number, number][] = [];
    let stopped = 0;
    const progress = (label: string) => ({
      update: (done: number, total: number) => updates.push([label, done, total]),
      stop: () => (stopped += 1),
    });
    const machine = await runRunbook(["backup", "--outputs", outputsFile, "--json"], {
      env,
      progress,
    });
    assert.equal(machine.exitCode, 0, machine.stderr);
    assert.equal(updates.length, 0);

    const person = await runRunbook(["backup", "--outputs", outputsFile], { env, progress });
    assert.equal(person.exitCode, 0, person.stderr);
    assert.ok(updates.length >= 1, "at least one progress update");
    const [label, done, total] = updates[updates.length - 1];
    assert.match(label, /^upload dumps\/\d{4}\/\d{2}\/\d{2}\/.*\.dump$/);
    assert.equal(done, total);
    assert.ok(total > 0);
    assert.equal(stopped, 1);
  });

  it("skips the metric for the local target and says so in the table", async function () {
    const run = await runRunbook(["backup", "--outputs", outputsFile], { env });

    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /^ {2}key {8}s3:\/\/backups\/dumps\/.*\.dump$/m);
    assert.match(run.stdout, /^ {2}sha256 {5}[0-9a-f]{64}$/m);
    assert.match(run.stdout, /metric {5}BackupSucceeded skipped: local target/);
    assert.match(run.stdout, /^public\.customers\s+2500$/m);
  });

  it("refuses a missing bucket as bad input: no manifest, no metric, exit 2", async function () {
    const publisher = new FakeMetricsPublisher();
    const file = writeOutputsFile(backupTarget(database.name, "no-such-bucket"));
    const run = await runRunbook(["backup", "--outputs", file, "--json"], {
      env,
      metrics: { publisher },
    });

    assert.equal(run.exitCode, 2);
    // No backup report: only the error, as JSON for the machine that asked for --json.
    const report = run.json<{ exitCode: number; error: string }>();
    assert.equal(report.exitCode, 2);
    assert.match(report.error, /s3:\/\/no-such-bucket .*no such bucket; check backup\.bucket/);
    assert.ok(!("key" in report), "a failed backup reports no key");
    assert.match(run.stderr, /s3:\/\/no-such-bucket .*no such bucket; check backup\.bucket/);
    assert.deepEqual(publisher.published, []);
    assert.deepEqual(backupTempDirs(), []);
  });

  it("when S3 stops mid-run: no manifest, no metric, nothing left behind", async function () {
    const port = await freePort();
    const dying = await startLocalS3({ port, buckets: [bucket] });
    const publisher = new FakeMetricsPublisher();
    const run = await runRunbook(["backup", "--outputs", outputsFile, "--json"], {
      env: { RUNBOOK_S3_ENDPOINT: dying.endpoint },
      metrics: { publisher },
      backupStore: (options) => {
        const real = S3BackupStore.create(options);
        return Object.assign(Object.create(real) as S3BackupStore, {
          uploadFile: async (key: string, path: string, type: string) => {
            await dying.close();
            return real.uploadFile(key, path, type);
          },
        });
      },
    });

    assert.equal(run.exitCode, 3, run.stderr);
    assert.match(run.stderr, /^runbook: backup failed at upload: .*S3 not reachable/);
    assert.match(run.stderr, /no backup was marked complete/);
    assert.deepEqual(publisher.published, []);
    assert.deepEqual(backupTempDirs(), []);
    const revived = await startLocalS3({ port, buckets: [], directory: dying.directory });
    try {
      const after = S3BackupStore.create({
        bucket,
        region: "x",
        endpoint: revived.endpoint,
        env: {},
      });
      const keys = (await after.list("")).map((o) => o.key);
      assert.ok(!keys.some((key) => key.endsWith(".manifest.json")), String(keys));
    } finally {
      await revived.close();
      rmSync(dying.directory, { recursive: true, force: true });
    }
  });

  it("exits 3 naming the database it cannot reach, before touching S3", async function () {
    const port = await freePort();
    const target = backupTarget(database.name, bucket);
    const file = writeOutputsFile({ ...target, database: { ...target.database, port } });
    const run = await runRunbook(["backup", "--outputs", file], { env });

    assert.equal(run.exitCode, 3);
    assert.match(run.stderr, new RegExp(`PostgreSQL 127\\.0\\.0\\.1:${port} .*connection refused`));
  });

  it("refuses a pg_dump older than the server, naming both versions", function () {
    const old = parseToolVersion("pg_dump (PostgreSQL) 14.11 (Debian 14.11-1)");
    assert.deepEqual(old, { text: "14.11", major: 14 });
    assert.throws(
      () => requireClientVersion("pg_dump", old!, 16),
      /^RunbookError: pg_dump 14\.11 is older than the server \(PostgreSQL 16\); install/,
    );
    assert.doesNotThrow(() => requireClientVersion("pg_dump", old!, 14));
  });
});

async function downloadBytes(store: BackupStore, key: string): Promise<Buffer> {
  const folder = mkdtempSync(join(tmpdir(), "runbook-test-download-"));
  try {
    await store.downloadFile(key, join(folder, "object"));
    return readFileSync(join(folder, "object"));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
