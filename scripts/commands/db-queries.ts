import { Client } from "pg";
import { shortenQuery } from "../adapters/database-session";

export interface LongRunningQuery {
  readonly pid: number;
  readonly user: string | null;
  readonly state: string | null;
  readonly durationSeconds: number;
  readonly query: string;
}

/** Statements of this database running longer than the threshold, oldest first. */
export async function longRunningQueries(
  client: Client,
  thresholdSeconds: number,
): Promise<LongRunningQuery[]> {
  const { rows } = await client.query<{
    pid: number;
    usename: string | null;
    state: string | null;
    seconds: number;
    query: string;
  }>(
    `SELECT pid, usename, state,
            EXTRACT(EPOCH FROM now() - query_start)::float8 AS seconds, query
       FROM pg_stat_activity
      WHERE datname = current_database()
        AND pid <> pg_backend_pid()
        AND state IS DISTINCT FROM 'idle'
        AND query_start < now() - make_interval(secs => $1)
      ORDER BY query_start`,
    [thresholdSeconds],
  );
  return rows.map((row) => ({
    pid: row.pid,
    user: row.usename,
    state: row.state,
    durationSeconds: Math.round(row.seconds),
    query: shortenQuery(row.query),
  }));
}

export interface TableSize {
  readonly schema: string;
  readonly table: string;
  readonly totalBytes: number;
}

/** The largest tables (with indexes and TOAST), largest first. */
export async function largestTables(client: Client, limit: number): Promise<TableSize[]> {
  const { rows } = await client.query<{ schema: string; table: string; bytes: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY pg_total_relation_size(c.oid) DESC, c.relname
      LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    schema: row.schema,
    table: row.table,
    totalBytes: Number(row.bytes),
  }));
}

export interface DeadTuples {
  readonly schema: string;
  readonly table: string;
  readonly liveTuples: number;
  readonly deadTuples: number;
  /** dead / (live + dead), 0 for an empty table. */
  readonly deadRatio: number;
}

/** Share of dead rows per table, highest first. */
export async function deadTupleRatios(client: Client): Promise<DeadTuples[]> {
  const { rows } = await client.query<{
    schema: string;
    table: string;
    live: string;
    dead: string;
  }>(
    `SELECT schemaname AS schema, relname AS table, n_live_tup AS live, n_dead_tup AS dead
       FROM pg_stat_user_tables`,
  );
  return rows
    .map((row) => {
      const liveTuples = Number(row.live);
      const deadTuples = Number(row.dead);
      return {
        schema: row.schema,
        table: row.table,
        liveTuples,
        deadTuples,
        deadRatio: deadRatio(liveTuples, deadTuples),
      };
    })
    .sort((a, b) => b.deadRatio - a.deadRatio || a.table.localeCompare(b.table));
}

export function deadRatio(live: number, dead: number): number {
  const total = live + dead;
  return total === 0 ? 0 : Number((dead / total).toFixed(4));
}
