import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Command } from "commander";
import { Client } from "pg";
import { CommandContext, CommandResult, CommandSpec } from "../core/command";
import { interruption } from "../core/interrupt";
import { RunbookError, messageOf } from "../core/errors";
import { ExitCode } from "../core/exit-codes";
import { connectPostgres } from "../adapters/postgres";
import { requireClientVersion, runPgTool, serverMajor, toolVersion } from "../adapters/pg-tools";
import {
  BackupManifest,
  TableCount,
  dumpKey,
  manifestKeyOf,
  userTableCounts,
} from "./backup-catalog";
import {
  MetricOutcome,
  backupEnvironmentHelp,
  publishBackupSucceeded,
  renderBackup,
} from "./backup-report";

/** What the snapshot step hands on: the dump file and the counts taken in its snapshot. */
interface DumpFacts {
  readonly serverVersion: string;
  readonly pgDumpVersion: string;
  readonly tables: TableCount[];
}

export const backupCommand: CommandSpec = {
  name: "backup",
  summary: "daily: full pg_dump -Fc with row counts in one snapshot, to S3, manifest last",
  examples: [
    "RUNBOOK_S3_ENDPOINT=http://127.0.0.1:4569 runbook backup --outputs local/outputs.json",
    "runbook backup --stack prod --dry-run",
    "runbook backup --json   # scheduled task: RUNBOOK_OUTPUTS_JSON, RUNBOOK_DATABASE_PASSWORD",
  ],

  configure(command: Command) {
    command
      .option("--dry-run", "check the database, the pg_dump version and the bucket; write nothing")
      .addHelpText("after", `\n${backupEnvironmentHelp}`);
  },

  async run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult> {
    const dryRun = options.dryRun === true;
    const outputs = context.target.outputs;
    const database = outputs.database;
    const store = context.backupStore();
    const startedAt = context.now();
    const started = performance.now();
    const key = dumpKey(outputs.backup.dumpPrefix, database.name, startedAt);

    const password = await context.secrets.databasePassword();
    const connection = { database, password };
    const client = await connectPostgres(database, {
      password,
      timeoutMs: context.timeoutMs,
      statementTimeoutMs: 0,
    });
    let folder: string | undefined;
    try {
      const server = await serverVersionOf(client);
      const pgDump = await toolVersion("pg_dump");
      requireClientVersion("pg_dump", pgDump, server.major);
      await store.checkAccess();
      context.logger.debug({ server: server.text, pgDump: pgDump.text }, "checks passed");
      if (dryRun) {
        const report = {
          status: "ok",
          dryRun,
          bucket: store.bucket,
          key,
          serverVersion: server.text,
          pgDumpVersion: pgDump.text,
        };
        return { exitCode: ExitCode.ok, report, human: renderDryRun(report) };
      }

      folder = await mkdtemp(join(tmpdir(), "runbook-backup-"));
      const file = join(folder, "database.dump");
      const tables = await step("dump", () =>
        dumpInSnapshot(client, file, connection, context.env),
      );
      await client.end().catch(() => undefined);
      const facts: DumpFacts = { serverVersion: server.text, pgDumpVersion: pgDump.text, tables };

      const sha256 = await step("checksum", () => sha256OfFile(file));
      const sizeBytes = (await stat(file)).size;
      const progress = context.progress(`upload ${key}`);
      try {
        await step("upload", () =>
          store.uploadFile(key, file, "application/octet-stream", (sent, total) =>
            progress.update(sent, total),
          ),
        );
      } finally {
        progress.stop();
      }
      const manifest: BackupManifest = {
        format: "runbook-backup/1",
        stack: outputs.stack,
        database: database.name,
        key,
        sha256,
        sizeBytes,
        ...facts,
        startedAt: startedAt.toISOString(),
        finishedAt: context.now().toISOString(),
      };
      const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
      await step("manifest", () =>
        store.putText(manifestKeyOf(key), manifestText, "application/json"),
      );
      context.logger.debug({ key, sizeBytes }, "backup stored with its manifest");

      const metric: MetricOutcome = await publishBackupSucceeded(context, outputs);
      const durationMs = Math.round(performance.now() - started);
      const exitCode = metric.status === "failed" ? ExitCode.checkFailed : ExitCode.ok;
      const report = {
        status: exitCode === ExitCode.ok ? "ok" : "attention",
        dryRun,
        bucket: store.bucket,
        key,
        manifestKey: manifestKeyOf(key),
        sizeBytes,
        sha256,
        durationMs,
        serverVersion: facts.serverVersion,
        pgDumpVersion: facts.pgDumpVersion,
        tables,
        metric,
      };
      return { exitCode, report, human: renderBackup(report) };
    } finally {
      await client.end().catch(() => undefined);
      if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    }
  },
};

async function serverVersionOf(client: Client) {
  const { rows } = await client.query<{ text: string; num: string }>(
    "SELECT current_setting('server_version') AS text, " +
      "current_setting('server_version_num') AS num",
  );
  return { text: rows[0].text.split(" ")[0], major: serverMajor(Number(rows[0].num)) };
}

/**
 * Opens one repeatable-read snapshot, exports it, and in it both counts every user table and
 * runs `pg_dump --snapshot`: the counts describe exactly the rows the dump holds.
 */
async function dumpInSnapshot(
  client: Client,
  file: string,
  connection: Parameters<typeof runPgTool>[2],
  env: NodeJS.ProcessEnv,
): Promise<TableCount[]> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  try {
    const { rows } = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    const args = ["--format=custom", `--snapshot=${rows[0].id}`, `--file=${file}`, "--no-password"];
    const [counts, dump] = await Promise.allSettled([
      userTableCounts(client),
      runPgTool("pg_dump", args, connection, env),
    ]);
    if (dump.status === "rejected") throw dump.reason;
    if (counts.status === "rejected") throw counts.reason;
    return counts.value;
  } finally {
    await client.query("COMMIT").catch(() => undefined);
  }
}

/** sha256 of a file's bytes, as stored. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/** Runs one step; a failure says which step, and that no backup was marked complete. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    // A stop signal between steps ends the run here: the manifest is never written after it.
    interruption.throwIfStopped();
    return await work();
  } catch (error) {
    const exitCode = error instanceof RunbookError ? error.exitCode : ExitCode.checkFailed;
    throw new RunbookError(
      `backup failed at ${name}: ${messageOf(error)}; no manifest was written, ` +
        "so no backup was marked complete",
      exitCode,
    );
  }
}

function renderDryRun(report: Record<string, unknown>): string {
  return [
    "Backup (dry run: nothing was written)",
    `  database      reachable, PostgreSQL ${String(report.serverVersion)}`,
    `  pg_dump       ${String(report.pgDumpVersion)} (not older than the server)`,
    `  bucket        s3://${String(report.bucket)} reachable`,
    `  would write   ${String(report.key)}`,
  ].join("\n");
}
