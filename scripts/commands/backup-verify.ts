import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, Option } from "commander";
import { CommandContext, CommandResult, CommandSpec } from "../core/command";
import { BadInputError, RunbookError, messageOf } from "../core/errors";
import { ExitCode } from "../core/exit-codes";
import { positiveCount } from "../core/options";
import { BackupStore } from "../adapters/backup-store";
import { connectPostgres } from "../adapters/postgres";
import { parseToolVersion, requireClientVersion, toolVersion } from "../adapters/pg-tools";
import { describeSchemaIssues } from "../target/outputs-file";
import {
  BackupManifest,
  backupDate,
  completeBackups,
  dayPrefix,
  manifestKeyOf,
  manifestSchema,
} from "./backup-catalog";
import { sha256OfFile } from "./backup";
import { backupEnvironmentHelp } from "./backup-report";
import { RestoreOutcome, createScratch, dropScratch, restoreAndCount } from "./backup-restore";
import { scratchDatabaseName } from "./backup-restore";
import { renderVerify } from "./backup-verify-report";

/** Parallel jobs of pg_restore by default. */
export const defaultRestoreJobs = 2;
/** The server's maintenance database: where the scratch database is created and dropped. */
export const maintenanceDatabase = "postgres";

interface VerifyOptions {
  key?: string;
  date?: string;
  jobs: number;
}

export const backupVerifyCommand: CommandSpec = {
  name: "backup-verify",
  summary: "weekly: restore the newest complete backup into a scratch database, check it, drop it",
  examples: [
    "RUNBOOK_S3_ENDPOINT=http://127.0.0.1:4569 runbook backup-verify --outputs local/outputs.json",
    "runbook backup-verify --stack prod --date 20260131",
    "runbook backup-verify --stack prod --key dumps/2026/01/31/ai_skills-20260131T010002.113Z.dump",
  ],

  configure(command: Command) {
    command
      .addOption(new Option("--key <key>", "verify this dump (its manifest must exist)"))
      .addOption(
        new Option("--date <YYYYMMDD>", "verify the newest complete backup of this UTC day")
          .argParser(backupDate)
          .conflicts("key"),
      )
      .addOption(
        new Option("--jobs <n>", "parallel jobs of pg_restore")
          .argParser(positiveCount)
          .default(defaultRestoreJobs),
      )
      .addHelpText("after", `\n${backupEnvironmentHelp}`);
  },

  async run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult> {
    const { key, date, jobs } = options as unknown as VerifyOptions;
    const outputs = context.target.outputs;
    const database = outputs.database;
    const store = context.backupStore();

    const chosen = await chooseBackup(store, outputs.backup.dumpPrefix, database.name, key, date);
    const manifest = await readManifest(store, chosen);
    const pgRestore = await toolVersion("pg_restore");
    const dumpMajor = parseToolVersion(`(PostgreSQL) ${manifest.pgDumpVersion}`)?.major ?? 0;
    requireClientVersion("pg_restore", pgRestore, dumpMajor);

    const password = await context.secrets.databasePassword();
    const admin = await connectPostgres(
      { ...database, name: maintenanceDatabase },
      { password, timeoutMs: context.timeoutMs, statementTimeoutMs: 0 },
    );
    const scratch = scratchDatabaseName(context.now());
    const folder = await mkdtemp(join(tmpdir(), "runbook-verify-"));
    let created = false;
    let dropError: string | undefined;
    let restore: RestoreOutcome | undefined;
    let actualSha: string | undefined;
    try {
      const file = join(folder, "database.dump");
      await store.downloadFile(chosen, file);
      actualSha = await sha256OfFile(file);
      const sizeBytes = (await stat(file)).size;
      context.logger.debug({ key: chosen, sizeBytes, sha256: actualSha }, "downloaded");
      if (actualSha === manifest.sha256 && sizeBytes === manifest.sizeBytes) {
        await createScratch(admin, scratch, database.name);
        created = true;
        const target = { database, password, timeoutMs: context.timeoutMs, env: context.env };
        restore = await restoreAndCount({ ...target, scratch, jobs }, file, manifest);
      }
    } finally {
      if (created) {
        dropError = await dropScratch(admin, scratch, database.name).then(
          () => undefined,
          (error: unknown) => messageOf(error),
        );
      }
      await admin.end().catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    }

    const checksumOk = actualSha === manifest.sha256;
    const actual = actualSha ?? "";
    const tablesOk = restore !== undefined && restore.tables.every((table) => table.ok);
    const ok = checksumOk && restore?.status === "ok" && tablesOk && dropError === undefined;
    const report = {
      status: ok ? "ok" : "failed",
      bucket: store.bucket,
      key: chosen,
      manifestKey: manifestKeyOf(chosen),
      backupFinishedAt: manifest.finishedAt,
      checksum: { expected: manifest.sha256, actual, ok: checksumOk },
      scratchDatabase: scratch,
      scratchDropped: created ? dropError === undefined : null,
      ...(dropError === undefined ? {} : { dropError }),
      restore: restore ?? { status: "skipped", reason: "checksum mismatch: not restored" },
      tables: restore?.tables ?? [],
    };
    return {
      exitCode: ok ? ExitCode.ok : ExitCode.checkFailed,
      report,
      human: renderVerify(report),
    };
  },
};

/** The named dump, the newest complete one of a day, or the newest complete one. */
async function chooseBackup(
  store: BackupStore,
  prefix: string,
  database: string,
  key: string | undefined,
  date: string | undefined,
): Promise<string> {
  if (key !== undefined) {
    if (key.endsWith(".manifest.json")) {
      throw new BadInputError(
        `${key} is a manifest, not a dump; pass the dump's key: ` +
          `--key ${key.slice(0, -".manifest.json".length)}`,
      );
    }
    const listed = await store.list(key);
    const keys = new Set(listed.map((object) => object.key));
    if (!keys.has(key)) {
      throw new BadInputError(`no object ${key} in s3://${store.bucket}; check --key`);
    }
    if (!keys.has(manifestKeyOf(key))) {
      throw new RunbookError(
        `${key} has no manifest: an incomplete backup (the run did not finish); ` +
          "verify another one (omit --key for the newest complete backup)",
        ExitCode.checkFailed,
      );
    }
    return key;
  }
  const where = date === undefined ? prefix : dayPrefix(prefix, date);
  const [newest] = completeBackups(await store.list(where), database);
  if (newest === undefined) {
    throw new RunbookError(
      `no complete backup of ${database} under s3://${store.bucket}/${where}; ` +
        "run `runbook backup` (a dump without a manifest does not count)",
      ExitCode.checkFailed,
    );
  }
  return newest.key;
}

async function readManifest(store: BackupStore, key: string): Promise<BackupManifest> {
  const manifestKey = manifestKeyOf(key);
  let value: unknown;
  try {
    value = JSON.parse(await store.getText(manifestKey));
  } catch (error) {
    if (error instanceof RunbookError) throw error;
    throw new RunbookError(`manifest ${manifestKey} is not JSON`, ExitCode.checkFailed);
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success || parsed.data.key !== key) {
    const why = parsed.success ? `it names ${parsed.data.key}` : describeSchemaIssues(parsed.error);
    throw new RunbookError(`manifest ${manifestKey} is not valid: ${why}`, ExitCode.checkFailed);
  }
  return parsed.data;
}
