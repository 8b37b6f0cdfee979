import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { StackOutputs } from "../../stacks/outputs";
import { RunbookError, messageOf } from "../core/errors";
import { ExitCode } from "../core/exit-codes";
import { connectPostgres } from "../adapters/postgres";
import { runPgTool } from "../adapters/pg-tools";
import { BackupManifest, TableCount, keyStamp, userTableCounts } from "./backup-catalog";

/** A scratch database name, `verify_<UTC stamp>_<random>`: never the live database's. */
export function scratchDatabaseName(at: Date): string {
  const stamp = keyStamp(at)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  return `verify_${stamp}_${randomBytes(3).toString("hex")}`;
}

export interface TableComparison {
  readonly table: string;
  readonly expected: number | null;
  readonly restored: number | null;
  readonly ok: boolean;
}

/** Every table of the manifest and of the restore, expected vs restored rows. */
export function compareCounts(
  expected: readonly TableCount[],
  restored: readonly TableCount[],
): TableComparison[] {
  const name = (count: TableCount) => `${count.schema}.${count.table}`;
  const restoredByName = new Map(restored.map((count) => [name(count), count.rows]));
  const expectedNames = new Set(expected.map(name));
  const rows: TableComparison[] = expected.map((count) => {
    const rows = restoredByName.get(name(count)) ?? null;
    return { table: name(count), expected: count.rows, restored: rows, ok: rows === count.rows };
  });
  for (const count of restored) {
    if (expectedNames.has(name(count))) continue;
    rows.push({ table: name(count), expected: null, restored: count.rows, ok: false });
  }
  return rows;
}

export interface RestoreOutcome {
  readonly status: "ok" | "failed";
  readonly durationMs: number;
  readonly error?: string;
  readonly tables: TableComparison[];
}

export interface ScratchRestore {
  readonly database: StackOutputs["database"];
  readonly password: string | undefined;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly scratch: string;
  readonly jobs: number;
}

/**
 * Restores the dump into the (already created) scratch database with `pg_restore -j`, then
 * counts its rows and compares them to the manifest. A failed restore still reports counts.
 */
export async function restoreAndCount(
  options: ScratchRestore,
  file: string,
  manifest: BackupManifest,
): Promise<RestoreOutcome> {
  const started = performance.now();
  const scratchTarget = { ...options.database, name: options.scratch };
  const connection = { database: scratchTarget, password: options.password };
  const args = [
    `--jobs=${options.jobs}`,
    "--no-owner",
    "--no-privileges",
    "--no-password",
    `--dbname=${options.scratch}`,
    file,
  ];
  let error: string | undefined;
  try {
    await runPgTool("pg_restore", args, connection, options.env);
  } catch (failure) {
    error = messageOf(failure);
  }
  const client = await connectPostgres(scratchTarget, {
    password: options.password,
    timeoutMs: options.timeoutMs,
    statementTimeoutMs: 0,
  });
  let restored: TableCount[];
  try {
    restored = await userTableCounts(client);
  } finally {
    await client.end().catch(() => undefined);
  }
  const durationMs = Math.round(performance.now() - started);
  const tables = compareCounts(manifest.tables, restored);
  const status = error === undefined ? "ok" : "failed";
  return { status, durationMs, tables, ...(error === undefined ? {} : { error }) };
}

/** Creates the scratch database, refusing any name but a `verify_` one. */
export async function createScratch(admin: Client, scratch: string, live: string): Promise<void> {
  assertScratch(scratch, live);
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(scratch)} TEMPLATE template0`);
}

/** Drops the scratch database (closing any session left on it); never the live one. */
export async function dropScratch(admin: Client, scratch: string, live: string): Promise<void> {
  assertScratch(scratch, live);
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(scratch)} WITH (FORCE)`);
}

function assertScratch(scratch: string, live: string): void {
  if (scratch === live || !/^verify_[a-z0-9_]+$/.test(scratch)) {
    throw new RunbookError(
      `refusing to create or drop database ${scratch}: only verify_* scratch databases`,
      ExitCode.checkFailed,
    );
  }
}
