import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import Redis, { RedisOptions } from "ioredis";
import { StackOutputs } from "../../stacks/outputs";
import { messageOf } from "../core/errors";
import { redisAuthTokenEnvVar, secretSource } from "./secrets";

/** A PEM file of extra CAs to trust for Redis TLS (a self-signed test server). */
export const redisCaFileEnvVar = "RUNBOOK_REDIS_CA_FILE";

export interface RedisPingOptions {
  readonly authToken: string | undefined;
  readonly timeoutMs: number;
  /** PEM of a CA to trust besides the system ones. */
  readonly caPem?: string;
}

export interface RedisPingResult {
  readonly reply: string;
  readonly tls: boolean;
  readonly serverVersion: string | undefined;
}

/** Client options: TLS when the stack says so, the token as `password`, no retries. */
export function redisClientOptions(
  redis: StackOutputs["redis"],
  options: RedisPingOptions,
): RedisOptions {
  return {
    host: redis.host,
    port: redis.port,
    password: options.authToken,
    tls: redis.tls
      ? { servername: isIP(redis.host) === 0 ? redis.host : undefined, ca: options.caPem }
      : undefined,
    connectTimeout: options.timeoutMs,
    commandTimeout: options.timeoutMs,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  };
}

/** Reads the CA file named by RUNBOOK_REDIS_CA_FILE, if set. */
export function redisCaFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const path = env[redisCaFileEnvVar];
  return path === undefined || path.length === 0 ? undefined : readFileSync(path, "utf8");
}

/** Connects, sends PING and reads the server version; always disconnects. */
export async function pingRedis(
  redis: StackOutputs["redis"],
  options: RedisPingOptions,
): Promise<RedisPingResult> {
  const client = new Redis(redisClientOptions(redis, options));
  let lastError: unknown;
  client.on("error", (error) => (lastError = error));
  try {
    await client.connect();
    const reply = await client.ping();
    const info = await client.info("server");
    const version = /redis_version:(\S+)/.exec(info)?.[1];
    return { reply, tls: redis.tls, serverVersion: version };
  } catch (error) {
    const closed = /Connection is closed/.test(messageOf(error));
    throw new Error(describeRedisError(closed && lastError ? lastError : error, redis), {
      cause: error,
    });
  } finally {
    client.disconnect();
  }
}

/** One line for a Redis failure, naming the endpoint and the fix. */
export function describeRedisError(error: unknown, redis: StackOutputs["redis"]): string {
  const where = `Redis ${redis.host}:${redis.port}${redis.tls ? " (TLS)" : ""}`;
  const message = messageOf(error);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message)) {
    const source = secretSource(redis.authTokenSecretArn, redisAuthTokenEnvVar);
    return `${where}: AUTH failed; check ${source}`;
  }
  if (/ECONNREFUSED/.test(message)) {
    return `${where}: connection refused; check that the server runs and the port is right`;
  }
  if (/timed? ?out/i.test(message)) {
    return `${where}: no answer in time; check the network path, and TLS (outputs redis.tls)`;
  }
  return `${where}: ${message}`;
}
