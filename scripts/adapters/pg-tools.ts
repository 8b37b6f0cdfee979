import { interruption } from "../core/interrupt";
import { spawn } from "node:child_process";
import { StackOutputs } from "../../stacks/outputs";
import { RunbookError, messageOf } from "../core/errors";
import { ExitCode } from "../core/exit-codes";

const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1"]);

/** The PostgreSQL client programs the backup commands run. */
export type PgTool = "pg_dump" | "pg_restore";

/** Where to connect: the stack's database, or another database on the same server. */
export interface PgConnection {
  readonly database: StackOutputs["database"];
  /** The password; handed to the child as PGPASSWORD, never on its command line. */
  readonly password: string | undefined;
}

export interface PgToolResult {
  readonly stderr: string;
}

/**
 * The environment of a client program: connection facts as libpq variables. The password goes
 * in PGPASSWORD so that it never appears in `ps` output or in an error quoting the arguments.
 * TLS is required for every host but loopback, as `connectPostgres` does.
 */
export function pgEnvironment(connection: PgConnection, base: NodeJS.ProcessEnv) {
  const { database, password } = connection;
  const env: NodeJS.ProcessEnv = {
    PATH: base.PATH ?? process.env.PATH,
    HOME: base.HOME ?? process.env.HOME,
    PGHOST: database.host,
    PGPORT: String(database.port),
    PGUSER: database.username,
    PGDATABASE: database.name,
    PGAPPNAME: "runbook",
    PGCONNECT_TIMEOUT: "10",
    PGSSLMODE: sslMode(database.host, base),
  };
  const rootCert = base.PGSSLROOTCERT ?? process.env.PGSSLROOTCERT;
  if (rootCert !== undefined) env.PGSSLROOTCERT = rootCert;
  if (password !== undefined) env.PGPASSWORD = password;
  return env;
}

/**
 * TLS for libpq: none on loopback; elsewhere verify-full (certificate and host name) when a root
 * certificate is given (the ops image sets PGSSLROOTCERT to the RDS bundle), else require
 * (encrypted, but the server is not authenticated).
 */
export function sslMode(host: string, env: NodeJS.ProcessEnv): string {
  if (loopbackHosts.has(host)) return "disable";
  return (env.PGSSLROOTCERT ?? process.env.PGSSLROOTCERT) ? "verify-full" : "require";
}

/**
 * Runs a client program with an argument array (no shell) and resolves when it exits 0;
 * otherwise rejects with a RunbookError (exit 1) quoting the last lines of its stderr.
 */
export function runPgTool(
  tool: PgTool,
  args: readonly string[],
  connection: PgConnection,
  baseEnv: NodeJS.ProcessEnv,
): Promise<PgToolResult> {
  return new Promise((resolve, reject) => {
    interruption.throwIfStopped();
    const child = spawn(tool, [...args], {
      env: pgEnvironment(connection, baseEnv),
      stdio: ["ignore", "ignore", "pipe"],
      // A stop signal to the runbook reaches the child, so the caller's cleanup runs at once.
      signal: interruption.signal,
      killSignal: "SIGTERM",
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => {
      if (interruption.stoppedBy !== undefined) {
        reject(
          new RunbookError(`${tool} stopped by ${interruption.stoppedBy}`, ExitCode.checkFailed),
        );
        return;
      }
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      const reason = missing
        ? "not found on PATH; install the PostgreSQL client"
        : messageOf(error);
      reject(new RunbookError(`${tool}: ${reason}`, ExitCode.checkFailed));
    });
    child.on("close", (code) => {
      if (code === 0) {
        resolve({ stderr });
        return;
      }
      const tail = stderr.trim().split("\n").slice(-3).join("; ");
      const detail = tail.length > 0 ? tail : "no error output";
      reject(new RunbookError(`${tool} exited with ${code}: ${detail}`, ExitCode.checkFailed));
    });
  });
}

/** Version of a client program, e.g. { text: "15.20", major: 15 }. */
export interface ToolVersion {
  readonly text: string;
  readonly major: number;
}

/** Parses `pg_dump (PostgreSQL) 15.20 (Debian ...)` and the like. */
export function parseToolVersion(output: string): ToolVersion | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (match === null) return undefined;
  const text = match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`;
  return { text, major: Number(match[1]) };
}

/** Runs `<tool> --version` and parses it. */
export function toolVersion(tool: PgTool): Promise<ToolVersion> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const fail = (reason: string) =>
      reject(new RunbookError(`${tool} --version: ${reason}`, ExitCode.checkFailed));
    child.on("error", (error) => {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      fail(missing ? "not found on PATH; install the PostgreSQL client" : messageOf(error));
    });
    child.on("close", () => {
      const version = parseToolVersion(stdout);
      if (version === undefined) fail(`cannot read a version from "${stdout.trim()}"`);
      else resolve(version);
    });
  });
}

/** Server major version from `server_version_num` (150020 → 15). */
export function serverMajor(versionNum: number): number {
  return Math.floor(versionNum / 10000);
}

/**
 * A client program older than the server cannot dump it (pg_dump refuses a newer server);
 * this says so before any work starts, with the fix.
 */
export function requireClientVersion(
  tool: PgTool,
  client: ToolVersion,
  serverMajorVersion: number,
) {
  if (client.major < serverMajorVersion) {
    throw new RunbookError(
      `${tool} ${client.text} is older than the server (PostgreSQL ${serverMajorVersion}); ` +
        `install the PostgreSQL ${serverMajorVersion} client (or newer) and rerun`,
      ExitCode.checkFailed,
    );
  }
}
