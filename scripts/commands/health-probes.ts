import { StackOutputs } from "../../stacks/outputs";
import { Probe, ProbeDetail } from "../core/probe";
import { appEndpoint, httpGet } from "../adapters/http";
import { connectPostgres } from "../adapters/postgres";
import { pingRedis } from "../adapters/redis";
import { TargetSecrets } from "../adapters/secrets";

/** GET an app endpoint; healthy means a 2xx answer. JSON fields of the body become details. */
export function appProbe(name: string, appUrl: string, path: string, timeoutMs: number): Probe {
  const url = appEndpoint(appUrl, path);
  return {
    name,
    endpoint: url,
    async run() {
      const response = await httpGet(url, timeoutMs);
      const detail: ProbeDetail = { httpStatus: response.status, ...bodySummary(response.body) };
      const ok = response.status >= 200 && response.status < 300;
      return ok
        ? { ok, detail }
        : { ok, detail, problem: `GET ${url} answered ${response.status}` };
    },
  };
}

/** Top-level scalar fields of a JSON body, and `name: status` of nested objects. */
export function bodySummary(body: string): ProbeDetail {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { body: body.slice(0, 60) };
  }
  if (parsed === null || typeof parsed !== "object") return {};
  const summary: ProbeDetail = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (["string", "number", "boolean"].includes(typeof value)) {
      summary[key] = value as string | number | boolean;
    } else if (value !== null && typeof value === "object" && "status" in value) {
      summary[key] = String((value as { status: unknown }).status);
    }
  }
  return summary;
}

/** Connect, read the version and the connections in use against max_connections. */
export function postgresProbe(
  database: StackOutputs["database"],
  secrets: TargetSecrets,
  timeoutMs: number,
  maxConnectionRatio: number,
): Probe {
  return {
    name: "postgres",
    endpoint: `${database.host}:${database.port}/${database.name}`,
    async run() {
      const password = await secrets.databasePassword();
      const client = await connectPostgres(database, { password, timeoutMs });
      try {
        const { rows } = await client.query<{
          version: string;
          max_connections: number;
          connections: number;
          active: number;
        }>(
          `SELECT current_setting('server_version') AS version,
                  current_setting('max_connections')::int AS max_connections,
                  count(*) FILTER (WHERE backend_type = 'client backend')::int AS connections,
                  count(*) FILTER (WHERE state = 'active')::int AS active
             FROM pg_stat_activity`,
        );
        const row = rows[0];
        const ratio = row.connections / row.max_connections;
        const detail: ProbeDetail = {
          version: row.version,
          connections: row.connections,
          activeConnections: row.active,
          maxConnections: row.max_connections,
          connectionRatio: Number(ratio.toFixed(3)),
        };
        if (ratio >= maxConnectionRatio) {
          const problem =
            `${row.connections} of ${row.max_connections} connections in use ` +
            `(limit ${maxConnectionRatio}); look for leaks or raise max_connections`;
          return { ok: false, detail, problem };
        }
        return { ok: true, detail };
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

/** PING over TLS when the stack has in-transit encryption, with the AUTH token as an option. */
export function redisProbe(
  redis: StackOutputs["redis"],
  secrets: TargetSecrets,
  timeoutMs: number,
  caPem: string | undefined,
): Probe {
  return {
    name: "redis",
    endpoint: `${redis.host}:${redis.port}`,
    async run() {
      const authToken = await secrets.redisAuthToken();
      const result = await pingRedis(redis, { authToken, timeoutMs, caPem });
      const detail: ProbeDetail = {
        reply: result.reply,
        tls: result.tls,
        version: result.serverVersion ?? null,
      };
      return result.reply === "PONG"
        ? { ok: true, detail }
        : { ok: false, detail, problem: `PING answered ${result.reply}, expected PONG` };
    },
  };
}
