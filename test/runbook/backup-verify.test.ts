import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { LocalS3 } from "../../local/s3";
import { backupS3Client } from "../../scripts/adapters/backup-store";
import { runRunbook } from "./support/run-runbook";
import { writeOutputsFile } from "./support/fixtures";
import { createTestDatabase, localPostgres } from "./support/services";
import { Client } from "pg";
import { backupTarget, expectedRows, fillVariedData, startTestS3 } from "./support/backup-fixtures";

interface VerifyReport {
  status: string;
  key: string;
  checksum: { expected: string; actual: string; ok: boolean };
  scratchDatabase: string;
  scratchDropped: boolean | null;
  restore: { status: string; error?: string; reason?: string };
  tables: { table: string; expected: number | null; restored: number | null; ok: boolean }[];
}

const bucket = "verify-backups";

describe("runbook backup-verify", function () {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let s3: LocalS3;
  let client: S3Client;
  let outputsFile: string;
  let env: NodeJS.ProcessEnv;

  const verify = (...args: string[]) =>
    runRunbook(["backup-verify", "--outputs", outputsFile, ...args], { env });

  async function backup(): Promise<{ key: string; sha256: string }> {
    const run = await runRunbook(["backup", "--outputs", outputsFile, "--json"], { env });
    assert.equal(run.exitCode, 0, run.stderr);
    return run.json<{ key: string; sha256: string }>();
  }

  async function objectBytes(key: string): Promise<Buffer> {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  }

  async function put(key: string, body: Buffer | string): Promise<void> {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  async function databaseExists(name: string): Promise<boolean> {
    const admin = new Client({ ...localPostgres, database: "postgres" });
    await admin.connect();
    try {
      const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      return found.rowCount === 1;
    } finally {
      await admin.end();
    }
  }

  before(async function () {
    database = await createTestDatabase("verify");
    await fillVariedData(database.client);
    s3 = await startTestS3([bucket]);
    env = { RUNBOOK_S3_ENDPOINT: s3.endpoint };
    client = backupS3Client({ bucket, region: "us-east-1", endpoint: s3.endpoint, env: {} });
    outputsFile = writeOutputsFile(backupTarget(database.name, bucket));
  });

  after(async function () {
    await s3.close();
    await database.drop();
  });

  it("restores the newest backup to a scratch db, matches all counts, drops it", async function () {
    const { key } = await backup();
    const run = await verify("--json");

    assert.equal(run.exitCode, 0, run.stderr);
    const report = run.json<VerifyReport>();
    assert.equal(report.key, key);
    assert.equal(report.checksum.ok, true);
    assert.equal(report.restore.status, "ok");
    const restored = Object.fromEntries(report.tables.map((t) => [t.table, t.restored]));
    assert.deepEqual(restored, expectedRows);
    assert.ok(report.tables.every((t) => t.ok && t.expected === t.restored));
    assert.match(report.scratchDatabase, /^verify_\d{8}t\d{6}\d{3}z_[0-9a-f]{6}$/);
    assert.equal(report.scratchDropped, true);
    assert.equal(await databaseExists(report.scratchDatabase), false);
  });

  it("picks the newest complete backup, ignoring a newer dump with no manifest", async function () {
    await database.client.query("INSERT INTO empty VALUES (1), (2), (3)");
    const { key } = await backup();
    const orphan = key.replace(/-\d{8}T[\d.]+Z\.dump$/, "-29991231T235959.999Z.dump");
    await put(orphan, await objectBytes(key));

    const run = await verify("--json");
    assert.equal(run.exitCode, 0, run.stderr);
    const report = run.json<VerifyReport>();
    assert.equal(report.key, key);
    assert.deepEqual(
      report.tables.find((t) => t.table === "public.empty"),
      {
        table: "public.empty",
        expected: 3,
        restored: 3,
        ok: true,
      },
    );

    const named = await verify("--key", orphan);
    assert.equal(named.exitCode, 1);
    assert.match(named.stderr, /has no manifest: an incomplete backup/);
  });

  it("with --date picks that UTC day, and says when the day has none", async function () {
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, "");
    const run = await verify("--date", today);
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /^Backup verification: ok$/m);
    assert.match(run.stdout, /^public\.customers\s+2500\s+2500\s+ok$/m);

    const none = await verify("--date", "20000101");
    assert.equal(none.exitCode, 1);
    assert.match(
      none.stderr,
      /no complete backup of .* under s3:\/\/verify-backups\/dumps\/2000\/01\/01\//,
    );
    assert.equal((await verify("--date", "2026-01-31")).exitCode, 2);
  });

  it("says a manifest key is not a dump and names the dump's key, exit 2", async function () {
    const run = await verify("--key", "dumps/2026/01/31/db-x.dump.manifest.json");
    assert.equal(run.exitCode, 2);
    assert.equal(
      run.stderr,
      "runbook: dumps/2026/01/31/db-x.dump.manifest.json is a manifest, not a dump; pass the " +
        "dump's key: --key dumps/2026/01/31/db-x.dump\n",
    );
  });

  it("fails on a corrupted object: checksum mismatch, nothing restored", async function () {
    const { key, sha256 } = await backup();
    const bytes = await objectBytes(key);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await put(key, bytes);

    const run = await verify("--key", key, "--json");
    assert.equal(run.exitCode, 1);
    const report = run.json<VerifyReport>();
    assert.equal(report.checksum.ok, false);
    assert.equal(report.checksum.expected, sha256);
    assert.equal(report.restore.status, "skipped");
    assert.equal(report.scratchDropped, null);
    const human = await verify("--key", key);
    assert.match(
      human.stdout,
      /sha256 {5}MISMATCH: manifest [0-9a-f]{64}, downloaded [0-9a-f]{64}/,
    );
  });

  it("fails a truncated dump its manifest matches; still drops the scratch db", async function () {
    const { key } = await backup();
    const truncatedKey = key.replace(/\.dump$/, "").replace(/Z$/, "") + "9Z.dump";
    const half = (await objectBytes(key)).subarray(0, 4000);
    const manifest = JSON.parse((await objectBytes(`${key}.manifest.json`)).toString());
    const sha256 = createHash("sha256").update(half).digest("hex");
    await put(truncatedKey, half);
    const truncatedManifest = { ...manifest, key: truncatedKey, sha256, sizeBytes: half.length };
    await put(`${truncatedKey}.manifest.json`, JSON.stringify(truncatedManifest));

    const run = await verify("--key", truncatedKey, "--json");
    assert.equal(run.exitCode, 1, run.stdout);
    const report = run.json<VerifyReport>();
    assert.equal(report.checksum.ok, true);
    assert.equal(report.restore.status, "failed");
    assert.match(String(report.restore.error), /^pg_restore exited with 1: /);
    assert.ok(report.tables.some((t) => !t.ok));
    assert.equal(report.scratchDropped, true);
    assert.equal(await databaseExists(report.scratchDatabase), false);
  });

  it("reports a count that differs from the manifest, exit 1, scratch dropped", async function () {
    const { key } = await backup();
    const manifest = JSON.parse((await objectBytes(`${key}.manifest.json`)).toString());
    manifest.tables = manifest.tables.map((t: { table: string; rows: number }) =>
      t.table === "orders" ? { ...t, rows: t.rows + 1 } : t,
    );
    await put(`${key}.manifest.json`, JSON.stringify(manifest));

    const run = await verify("--key", key);
    assert.equal(run.exitCode, 1);
    assert.match(run.stdout, /^public\.orders\s+4001\s+4000\s+MISMATCH$/m);
    assert.match(run.stdout, /^ {2}scratch {4}verify_\w+: dropped$/m);
    const live = await database.client.query("SELECT count(*)::int AS n FROM orders");
    assert.equal(live.rows[0].n, 4000);
  });
});
