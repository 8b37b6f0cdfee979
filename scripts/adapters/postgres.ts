import { Client } from "pg";
import { StackOutputs } from "../../stacks/outputs";
import { UnreachableError, messageOf } from "../core/errors";
import { databasePasswordEnvVar, secretSource } from "./secrets";

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1"]);

export interface PostgresConnectOptions {
  readonly password: string | undefined;
  /** Limit on connecting and on each query, in milliseconds. */
  readonly timeoutMs: number;
  /** Limit on each statement, in milliseconds; default: `timeoutMs`. */
  readonly statementTimeoutMs?: number;
}

/**
 * Opens a client to the stack's database. TLS is used for every host but loopback (RDS); the
 * password is passed as a field, never in a connection string.
 */
export async function connectPostgres(
  database: StackOutputs["database"],
  options: PostgresConnectOptions,
): Promise<Client> {
  const statementTimeoutMs = options.statementTimeoutMs ?? options.timeoutMs;
  const client = new Client({
    host: database.host,
    port: database.port,
    database: database.name,
    user: database.username,
    password: options.password,
    connectionTimeoutMillis: options.timeoutMs,
    query_timeout: statementTimeoutMs,
    statement_timeout: statementTimeoutMs,
    ssl: loopbackHosts.has(database.host) ? false : { rejectUnauthorized: true },
    application_name: "runbook",
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new UnreachableError(describePostgresError(error, database));
  }
  return client;
}

/** One line saying what went wrong with the database and what to do, without any secret. */
export function describePostgresError(error: unknown, database: StackOutputs["database"]): string {
  const where = `PostgreSQL ${database.host}:${database.port} database ${database.name}`;
  const code = (error as { code?: string }).code;
  switch (code) {
    case "ECONNREFUSED":
      return `${where}: connection refused; check that the server runs and the port is right`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${where}: host name not found; check database.host in the outputs`;
    case "28P01":
    case "28000":
      return (
        `${where}: authentication failed for user ${database.username}; ` +
        `check ${secretSource(database.secretArn, databasePasswordEnvVar)}`
      );
    case "3D000":
      return `${where}: the database does not exist; check database.name in the outputs`;
    default:
      if (/timeout/i.test(messageOf(error))) {
        return `${where}: no answer in time; check the network path and security groups`;
      }
      return `${where}: ${messageOf(error)}`;
  }
}
