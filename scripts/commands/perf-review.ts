import { Command, Option } from "commander";
import { Client } from "pg";
import { CommandContext, CommandResult, CommandSpec } from "../core/command";
import { ExitCode } from "../core/exit-codes";
import { positiveCount, positiveDays } from "../core/options";
import { renderSection, renderTable } from "../core/table";
import { withDatabase } from "../adapters/database-session";
import { AppMetricsReport, defaultAppMetricNames, reviewAppMetrics } from "./app-metrics";
import { CloudWatchReport, reviewCloudWatch } from "./perf-cloudwatch";
import { SlowQueryReport, reviewSlowQueries } from "./slow-queries";

/** How many of the slowest statements the report lists. */
export const defaultSlowQueryCount = 10;
/** Window of the CloudWatch summaries, in days (the manual's monthly review). */
export const defaultReviewDays = 30;

interface PerfReviewOptions {
  top: number;
  days: number;
  requestsMetric: string;
  latencyMetric: string;
}

interface ConnectionUsage {
  readonly maxConnections: number;
  readonly byState: Record<string, number>;
  readonly total: number;
}

export const perfReviewCommand: CommandSpec = {
  name: "perf-review",
  summary: "monthly: slowest queries, connection use, request rate and latency, CloudWatch",
  examples: [
    "runbook perf-review --outputs local/outputs.json",
    "runbook perf-review --stack prod --top 20 --days 30 --json",
  ],

  configure(command: Command) {
    command
      .addOption(
        new Option("--top <count>", "how many slow statements to list")
          .argParser(positiveCount)
          .default(defaultSlowQueryCount),
      )
      .addOption(
        new Option("--days <days>", "CloudWatch window in days")
          .argParser(positiveDays)
          .default(defaultReviewDays),
      )
      .option("--requests-metric <name>", "app counter of requests", defaultAppMetricNames.requests)
      .option(
        "--latency-metric <name>",
        "app histogram of durations",
        defaultAppMetricNames.latency,
      );
  },

  async run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult> {
    const { top, days, requestsMetric, latencyMetric } = options as unknown as PerfReviewOptions;
    const outputs = context.target.outputs;
    const names = { requests: requestsMetric, latency: latencyMetric };

    const [database, appMetrics, cloudWatch] = await Promise.all([
      withDatabase(context, async (client) => ({
        slowQueries: await reviewSlowQueries(client, outputs.database.name, top),
        connections: await connectionUsage(client),
      })),
      reviewAppMetrics(outputs.appUrl, names, context.timeoutMs, context.now()),
      reviewCloudWatch(context, days),
    ]);

    const complete =
      database.slowQueries.status === "ok" &&
      appMetrics.status === "ok" &&
      cloudWatch.status !== "unavailable";
    return {
      exitCode: complete ? ExitCode.ok : ExitCode.checkFailed,
      report: {
        status: complete ? "ok" : "incomplete",
        slowQueries: database.slowQueries,
        connections: database.connections,
        appMetrics,
        cloudWatch,
      },
      human: [
        renderSlowQueries(database.slowQueries),
        renderConnections(database.connections),
        renderAppMetrics(appMetrics),
        renderCloudWatch(cloudWatch),
      ].join("\n\n"),
    };
  },
};

async function connectionUsage(client: Client): Promise<ConnectionUsage> {
  const { rows } = await client.query<{ state: string; count: number }>(
    `SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count
       FROM pg_stat_activity WHERE backend_type = 'client backend'
      GROUP BY 1 ORDER BY 1`,
  );
  const byState = Object.fromEntries(rows.map((row) => [row.state, row.count]));
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const max = await client.query<{ max: number }>(
    "SELECT current_setting('max_connections')::int AS max",
  );
  return { maxConnections: max.rows[0].max, byState, total };
}

function renderSlowQueries(report: SlowQueryReport): string {
  if (report.status !== "ok") return `Slowest queries: ${report.status}\n  ${report.message}`;
  return renderSection(
    "Slowest queries by mean execution time (pg_stat_statements)",
    ["MEAN MS", "CALLS", "TOTAL MS", "QUERY"],
    report.queries.map((query) => [
      query.meanMs.toFixed(2),
      String(query.calls),
      query.totalMs.toFixed(1),
      query.query,
    ]),
    "no statements recorded since the statistics were last reset",
  );
}

function renderConnections(usage: ConnectionUsage): string {
  const rows = Object.entries(usage.byState).map(([state, count]) => [state, String(count)]);
  const table = renderTable(["STATE", "CONNECTIONS"], rows);
  return `Connections: ${usage.total} of ${usage.maxConnections}\n${table}`;
}

function renderAppMetrics(report: AppMetricsReport): string {
  if (report.status !== "ok") return `App metrics (${report.url}): unavailable\n  ${report.error}`;
  const rows = [
    ["requests since start", String(report.requests)],
    ["requests per second", String(report.requestsPerSecond ?? "-")],
    [
      "server errors (5xx)",
      `${report.serverErrors} (${((report.errorRatio ?? 0) * 100).toFixed(2)}%)`,
    ],
    ["latency mean", report.latencyMeanMs === null ? "-" : `${report.latencyMeanMs} ms`],
    ["latency p95 (estimate)", report.latencyP95Ms === null ? "-" : `${report.latencyP95Ms} ms`],
    ["process uptime", report.uptimeSeconds === null ? "-" : `${report.uptimeSeconds} s`],
  ];
  return `App metrics (${report.url})\n${renderTable(["MEASURE", "VALUE"], rows)}`;
}

function renderCloudWatch(report: CloudWatchReport): string {
  if (report.status === "not-applicable") return `CloudWatch: not applicable (${report.reason})`;
  if (report.status === "unavailable") return `CloudWatch: unavailable\n  ${report.error}`;
  return renderSection(
    `CloudWatch, last ${report.days} days`,
    ["METRIC", "STAT", "VALUE", "PEAK DAY", "DAYS"],
    report.metrics.map((metric) => [
      metric.label,
      metric.stat,
      metric.value === null ? "-" : metric.value.toFixed(2),
      metric.peak === null ? "-" : metric.peak.toFixed(2),
      String(metric.datapoints),
    ]),
  );
}
