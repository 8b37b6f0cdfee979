import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import S3rver from "s3rver";

/** The port `npm run local:up` tries first for the S3 stand-in. */
export const defaultS3Port = 4569;

export interface LocalS3 {
  /** What RUNBOOK_S3_ENDPOINT must be set to, e.g. `http://127.0.0.1:4569`. */
  readonly endpoint: string;
  readonly port: number;
  /** Folder holding the buckets' files. */
  readonly directory: string;
  close(): Promise<void>;
}

export interface LocalS3Options {
  /** Port to listen on; 0 for any free port. */
  readonly port: number;
  /** Buckets to create at start. */
  readonly buckets: readonly string[];
  /** Data folder; default: a fresh folder under the OS temp directory. */
  readonly directory?: string;
}

/**
 * An S3-compatible server (s3rver) on 127.0.0.1 for the backup commands. It checks no
 * signatures; clients use path-style addressing and an IP endpoint.
 */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), "runbook-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    directory,
    close: () => server.close(),
  };
}

/** Starts on the preferred port, or on any free one when that is taken. */
export async function startLocalS3OnPreferredPort(
  buckets: readonly string[],
  port = defaultS3Port,
): Promise<LocalS3> {
  // s3rver reports a taken port as an uncaught 'error' event, not as a rejection: look first.
  return startLocalS3({ port: (await portIsFree(port)) ? port : 0, buckets });
}

/** Whether 127.0.0.1:`port` can be listened on right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
