import { execFileSync, spawn, ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, Server, Socket, AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Client } from "pg";

export const localPostgres = { host: "127.0.0.1", port: 5432, user: "postgres" };

/** Creates a uniquely named database on the local server; `drop()` removes it. */
export async function createTestDatabase(label: string) {
  const name = `runbook_${label}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new Client({ ...localPostgres, database: "postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const client = new Client({ ...localPostgres, database: name });
  await client.connect();
  return {
    name,
    client,
    drop: async () => {
      await client.end().catch(() => undefined);
      const cleanup = new Client({ ...localPostgres, database: "postgres" });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never says a word: a hung dependency. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface TlsRedis {
  readonly port: number;
  readonly caFile: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** Starts redis-server with TLS only, a self-signed cert for 127.0.0.1, and requirepass. */
export async function startTlsRedis(): Promise<TlsRedis> {
  const folder = mkdtempSync(join(tmpdir(), "runbook-redis-"));
  const certFile = join(folder, "cert.pem");
  const keyFile = join(folder, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  const port = await freePort();
  const token = `tok-${randomBytes(12).toString("hex")}`;
  const server: ChildProcess = spawn(
    "redis-server",
    [
      "--port",
      "0",
      "--tls-port",
      String(port),
      "--tls-cert-file",
      certFile,
      "--tls-key-file",
      keyFile,
      "--tls-ca-cert-file",
      certFile,
      "--tls-auth-clients",
      "no",
      "--requirepass",
      token,
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      folder,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await waitForLine(server, /Ready to accept connections/);
  return {
    port,
    caFile: certFile,
    token,
    stop: async () => {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    },
  };
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${seen}`)), 10000);
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited ${code}: ${seen}`)));
  });
}
