import { Command, Option } from "commander";
import { CommandContext, CommandResult, CommandSpec } from "../core/command";
import { ExitCode } from "../core/exit-codes";
import { fraction } from "../core/options";
import { ProbeResult, runProbes } from "../core/probe";
import { renderTable } from "../core/table";
import { redisCaFromEnv } from "../adapters/redis";
import { appProbe, postgresProbe, redisProbe } from "./health-probes";

/** Default share of max_connections in use at which the database check fails. */
export const defaultMaxConnectionRatio = 0.9;

interface HealthOptions {
  maxConnectionRatio: number;
}

export const healthCommand: CommandSpec = {
  name: "health",
  summary: "daily health check: app /health and /health/detailed, PostgreSQL, Redis",
  examples: [
    "runbook health --outputs local/outputs.json",
    "runbook health --stack prod --json --timeout 3",
  ],

  configure(command: Command) {
    command.addOption(
      new Option("--max-connection-ratio <fraction>", "fail when this share of connections is used")
        .argParser(fraction)
        .default(defaultMaxConnectionRatio),
    );
  },

  async run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult> {
    const { maxConnectionRatio } = options as unknown as HealthOptions;
    const outputs = context.target.outputs;
    const timeoutMs = context.timeoutMs;

    const probes = [
      appProbe("app /health", outputs.appUrl, "/health", timeoutMs),
      appProbe("app /health/detailed", outputs.appUrl, "/health/detailed", timeoutMs),
      postgresProbe(outputs.database, context.secrets, timeoutMs, maxConnectionRatio),
      redisProbe(outputs.redis, context.secrets, timeoutMs, redisCaFromEnv(context.env)),
    ];
    const started = performance.now();
    const checks = await runProbes(probes, timeoutMs);
    const totalMs = Math.round(performance.now() - started);

    for (const check of checks) {
      const fields = { check: check.name, status: check.status, durationMs: check.durationMs };
      if (check.status === "ok") context.logger.debug(fields, "probe passed");
      else context.logger.warn({ ...fields, error: check.error }, "probe failed");
    }
    const healthy = checks.every((check) => check.status === "ok");
    return {
      exitCode: healthy ? ExitCode.ok : ExitCode.checkFailed,
      report: { status: healthy ? "healthy" : "unhealthy", totalMs, timeoutMs, checks },
      human: renderHealth(checks, healthy, totalMs),
    };
  },
};

function renderHealth(checks: readonly ProbeResult[], healthy: boolean, totalMs: number): string {
  const rows = checks.map((check) => [
    check.name,
    check.status === "ok" ? "OK" : "FAILED",
    `${check.durationMs} ms`,
    check.error ?? describeDetail(check.detail),
  ]);
  const table = renderTable(["CHECK", "STATUS", "TIME", "DETAIL"], rows);
  const verdict = healthy ? "healthy" : "UNHEALTHY";
  return `${table}\n\n${verdict} (${checks.length} checks in ${totalMs} ms)`;
}

function describeDetail(detail: ProbeResult["detail"]): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
}
