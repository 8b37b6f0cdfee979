import { Client } from "pg";
import { CommandContext } from "../core/command";
import { connectPostgres } from "./postgres";

export interface SessionOptions {
  /** Limit on each statement in ms; 0 for none (VACUUM on a large database). */
  readonly statementTimeoutMs?: number;
}

/**
 * Connects to the target's database with its password, runs `work`, and always disconnects.
 * A connection failure is an UnreachableError (exit 3) naming the database and the fix.
 */
export async function withDatabase<T>(
  context: CommandContext,
  work: (client: Client) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const database = context.target.outputs.database;
  const password = await context.secrets.databasePassword();
  const client = await connectPostgres(database, {
    password,
    timeoutMs: context.timeoutMs,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  context.logger.debug({ host: database.host, database: database.name }, "connected");
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether a table exists in the search path of the connected database. */
export async function tableExists(client: Client, table: string): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS found",
    [table],
  );
  return rows[0].found;
}

/** A query on one line, cut to `limit` characters with an ellipsis. */
export function shortenQuery(query: string, limit = 80): string {
  const oneLine = query.replace(/\s+/g, " ").trim();
  return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
}
