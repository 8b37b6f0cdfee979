import { InvalidArgumentError } from "commander";
import { Client } from "pg";
import { z } from "zod";
import { StoredObject } from "../adapters/backup-store";

/**
 * What the backup bucket holds and how it is named: a dump is
 * `<dumpPrefix>YYYY/MM/DD/<database>-<UTC stamp>.dump`, and it is a complete backup only once
 * `<dump key>.manifest.json` exists beside it (the manifest is written last).
 */

export const dumpSuffix = ".dump";
export const manifestSuffix = ".manifest.json";

const tableCountSchema = z.object({
  schema: z.string(),
  table: z.string(),
  rows: z.number().int().nonnegative(),
});
export type TableCount = z.infer<typeof tableCountSchema>;

export const manifestSchema = z.object({
  format: z.literal("runbook-backup/1"),
  stack: z.string(),
  database: z.string(),
  key: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
  serverVersion: z.string(),
  pgDumpVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  tables: z.array(tableCountSchema),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** `2026-12-03T17:21:36.123Z` → `20261203T172136.123Z`: sorts by time, safe in a key. */
export function keyStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "");
}

export function dumpKey(prefix: string, database: string, at: Date): string {
  const iso = at.toISOString();
  const day = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`;
  return `${prefix}${day}${database}-${keyStamp(at)}${dumpSuffix}`;
}

export function manifestKeyOf(key: string): string {
  return `${key}${manifestSuffix}`;
}

/** The key prefix of one UTC day (`YYYYMMDD`). */
export function dayPrefix(prefix: string, date: string): string {
  return `${prefix}${date.slice(0, 4)}/${date.slice(4, 6)}/${date.slice(6, 8)}/`;
}

/** Parses `--date YYYYMMDD` (a real calendar day). */
export function backupDate(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const day = match === null ? undefined : new Date(`${match[1]}-${match[2]}-${match[3]}T00:00Z`);
  if (day === undefined || Number.isNaN(day.getTime()) || keyStamp(day).slice(0, 8) !== value) {
    throw new InvalidArgumentError("expected a UTC date as YYYYMMDD, e.g. 20260131");
  }
  return value;
}

export interface CompleteBackup {
  readonly key: string;
  readonly size: number;
  readonly stamp: string;
}

/**
 * The complete backups of one database in a listing, newest first: dumps whose manifest is
 * there too. A dump without a manifest (an interrupted run) is never a backup.
 */
export function completeBackups(
  objects: readonly StoredObject[],
  database: string,
): CompleteBackup[] {
  const keys = new Set(objects.map((object) => object.key));
  const pattern = new RegExp(`/${escapeRegExp(database)}-(\\d{8}T\\d{6}(?:\\.\\d{3})?Z)\\.dump$`);
  const backups: CompleteBackup[] = [];
  for (const object of objects) {
    const match = pattern.exec(`/${object.key}`);
    if (match === null || !keys.has(manifestKeyOf(object.key))) continue;
    backups.push({ key: object.key, size: object.size, stamp: match[1] });
  }
  return backups.sort((a, b) => (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : 0));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Exact row counts of every user table (ordinary and partitioned; not those of extensions),
 * in the snapshot of the client's current transaction.
 */
export async function userTableCounts(client: Client): Promise<TableCount[]> {
  const { rows } = await client.query<{ schema: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS table
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.deptype = 'e')
      ORDER BY 1, 2`,
  );
  const counts: TableCount[] = [];
  for (const { schema, table } of rows) {
    const quoted = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;
    const result = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${quoted}`);
    counts.push({ schema, table, rows: Number(result.rows[0].rows) });
  }
  return counts;
}
