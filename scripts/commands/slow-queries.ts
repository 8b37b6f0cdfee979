import { Client } from "pg";
import { shortenQuery } from "../adapters/database-session";

/** pg_stat_statements renamed its timing columns in PostgreSQL 13. */
export const execTimeColumnsSince = 130000;

/** The timing columns of pg_stat_statements for a server_version_num. */
export function timingColumns(serverVersionNum: number): { mean: string; total: string } {
  return serverVersionNum >= execTimeColumnsSince
    ? { mean: "mean_exec_time", total: "total_exec_time" }
    : { mean: "mean_time", total: "total_time" };
}

/** The slow-query statement for a server version: this database's statements by mean time. */
export function slowQuerySql(serverVersionNum: number): string {
  const { mean, total } = timingColumns(serverVersionNum);
  return `SELECT queryid::text AS queryid, calls::float8 AS calls,
                 ${mean}::float8 AS mean_ms, ${total}::float8 AS total_ms,
                 rows::float8 AS rows, query
            FROM pg_stat_statements
           WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           ORDER BY ${mean} DESC
           LIMIT $1`;
}

export interface SlowQuery {
  readonly queryId: string;
  readonly calls: number;
  readonly meanMs: number;
  readonly totalMs: number;
  readonly rows: number;
  readonly query: string;
}

export type SlowQueryReport =
  | { readonly status: "ok"; readonly serverVersionNum: number; readonly queries: SlowQuery[] }
  | {
      readonly status: "extension-not-installed" | "extension-not-loaded";
      readonly serverVersionNum: number;
      /** What is missing and what to do. */
      readonly message: string;
      readonly queries: [];
    };

/** SQLSTATE of "pg_stat_statements must be loaded via shared_preload_libraries". */
const objectNotInPrerequisiteState = "55000";

/** The slowest statements by mean execution time, or a status saying why there are none. */
export async function reviewSlowQueries(
  client: Client,
  database: string,
  limit: number,
): Promise<SlowQueryReport> {
  const { rows } = await client.query<{ version: number; installed: boolean }>(
    `SELECT current_setting('server_version_num')::int AS version,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS installed`,
  );
  const { version, installed } = rows[0];
  if (!installed) {
    return {
      status: "extension-not-installed",
      serverVersionNum: version,
      message:
        `pg_stat_statements is not installed in database ${database}: run ` +
        "CREATE EXTENSION pg_stat_statements; (it must also be in shared_preload_libraries)",
      queries: [],
    };
  }
  const notLoaded = {
    status: "extension-not-loaded" as const,
    serverVersionNum: version,
    message:
      "pg_stat_statements is installed but not loaded: add it to shared_preload_libraries " +
      "(the RDS parameter group) and restart the server",
    queries: [] as [],
  };
  try {
    const result = await client.query<{
      queryid: string;
      calls: number;
      mean_ms: number;
      total_ms: number;
      rows: number;
      query: string;
    }>(slowQuerySql(version), [limit]);
    const queries = result.rows.map((row) => ({
      queryId: row.queryid,
      calls: row.calls,
      meanMs: Number(row.mean_ms.toFixed(3)),
      totalMs: Number(row.total_ms.toFixed(3)),
      rows: row.rows,
      query: shortenQuery(row.query, 100),
    }));
    return { status: "ok", serverVersionNum: version, queries };
  } catch (error) {
    if ((error as { code?: string }).code === objectNotInPrerequisiteState) return notLoaded;
    throw error;
  }
}
