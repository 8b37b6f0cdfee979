import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { freePort } from "./services";

const pgBin = "/usr/lib/postgresql/15/bin";

export interface OwnPostgres {
  readonly port: number;
  /** Password of the `postgres` user (scram-sha-256 on every connection). */
  readonly password: string;
  stop(): void;
}

function asPostgres(command: string, args: readonly string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot
    ? ["runuser", ["-u", "postgres", "--", join(pgBin, command), ...args]]
    : [join(pgBin, command), [...args]];
  execFileSync(file, argv, { stdio: "ignore" });
}

/**
 * A PostgreSQL server of its own on a free port, with password authentication and
 * pg_stat_statements preloaded: what the shared local server (trust, no preload) cannot show.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const folder = mkdtempSync(join(tmpdir(), "runbook-pg-"));
  chmodSync(folder, 0o755);
  const dataDir = join(folder, "data");
  const passwordFile = join(folder, "password");
  const password = `pw-${randomBytes(12).toString("hex")}`;
  writeFileSync(passwordFile, password);
  chownSync(folder, uidOf("postgres"), gidOf("postgres"));
  chownSync(passwordFile, uidOf("postgres"), gidOf("postgres"));

  asPostgres("initdb", [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=scram-sha-256",
    `--pwfile=${passwordFile}`,
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${folder}`,
    "-c shared_preload_libraries=pg_stat_statements",
    "-c fsync=off",
  ].join(" ");
  asPostgres("pg_ctl", ["-D", dataDir, "-o", options, "-w", "-l", join(folder, "log"), "start"]);
  return {
    port,
    password,
    stop: () => asPostgres("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]),
  };
}

function uidOf(user: string): number {
  return Number(execFileSync("id", ["-u", user]).toString().trim());
}

function gidOf(user: string): number {
  return Number(execFileSync("id", ["-g", user]).toString().trim());
}
