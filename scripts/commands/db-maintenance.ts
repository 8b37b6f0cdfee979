import { Command, Option } from "commander";
import { CommandContext, CommandResult, CommandSpec } from "../core/command";
import { ExitCode } from "../core/exit-codes";
import { messageOf } from "../core/errors";
import { positiveMinutes } from "../core/options";
import { formatBytes, formatSeconds, renderSection } from "../core/table";
import { withDatabase } from "../adapters/database-session";
import {
  DeadTuples,
  LongRunningQuery,
  TableSize,
  deadTupleRatios,
  largestTables,
  longRunningQueries,
} from "./db-queries";

/** Queries running longer than this many minutes are reported (the manual's threshold). */
export const defaultLongQueryMinutes = 5;
/** How many of the largest tables the report lists. */
export const largestTableCount = 10;

/** The maintenance statements, in the order they run. */
export const maintenanceStatements = ["ANALYZE", "VACUUM (ANALYZE)"] as const;

interface MaintenanceStep {
  readonly statement: string;
  readonly status: "done" | "skipped" | "failed";
  readonly durationMs: number | null;
  readonly error?: string;
}

interface DbMaintenanceOptions {
  dryRun: boolean;
  longQueryMinutes: number;
}

export const dbMaintenanceCommand: CommandSpec = {
  name: "db-maintenance",
  summary: "weekly: ANALYZE, VACUUM (ANALYZE), long-running queries, largest tables, dead rows",
  examples: [
    "runbook db-maintenance --outputs local/outputs.json --dry-run",
    "runbook db-maintenance --stack prod --long-query-minutes 10 --json",
  ],

  configure(command: Command) {
    command
      .option("--dry-run", "report only: run no ANALYZE or VACUUM", false)
      .addOption(
        new Option("--long-query-minutes <minutes>", "report queries running longer than this")
          .argParser(positiveMinutes)
          .default(defaultLongQueryMinutes),
      );
  },

  async run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult> {
    const { dryRun, longQueryMinutes } = options as unknown as DbMaintenanceOptions;
    const thresholdSeconds = longQueryMinutes * 60;

    const facts = await withDatabase(
      context,
      async (client) => {
        const longQueries = await longRunningQueries(client, thresholdSeconds);
        const tables = await largestTables(client, largestTableCount);
        const deadTuples = await deadTupleRatios(client);
        const steps: MaintenanceStep[] = [];
        for (const statement of maintenanceStatements) {
          if (dryRun) {
            steps.push({ statement, status: "skipped", durationMs: null });
            continue;
          }
          const started = performance.now();
          try {
            await client.query(statement);
            const durationMs = Math.round(performance.now() - started);
            context.logger.debug({ statement, durationMs }, "maintenance statement done");
            steps.push({ statement, status: "done", durationMs });
          } catch (error) {
            const durationMs = Math.round(performance.now() - started);
            steps.push({ statement, status: "failed", durationMs, error: messageOf(error) });
          }
        }
        return { longQueries, tables, deadTuples, steps };
      },
      { statementTimeoutMs: 0 },
    );

    const failed = facts.steps.some((step) => step.status === "failed");
    const attention = failed || facts.longQueries.length > 0;
    return {
      exitCode: attention ? ExitCode.checkFailed : ExitCode.ok,
      report: {
        status: attention ? "attention" : "ok",
        dryRun,
        longQueryThresholdSeconds: thresholdSeconds,
        maintenance: facts.steps,
        longRunningQueries: facts.longQueries,
        largestTables: facts.tables,
        deadTuples: facts.deadTuples,
      },
      human: renderMaintenance(facts, dryRun, thresholdSeconds),
    };
  },
};

interface MaintenanceFacts {
  readonly longQueries: readonly LongRunningQuery[];
  readonly tables: readonly TableSize[];
  readonly deadTuples: readonly DeadTuples[];
  readonly steps: readonly MaintenanceStep[];
}

function renderMaintenance(facts: MaintenanceFacts, dryRun: boolean, threshold: number): string {
  const steps = renderSection(
    dryRun ? "Maintenance (dry run: nothing was changed)" : "Maintenance",
    ["STATEMENT", "STATUS", "TIME", "ERROR"],
    facts.steps.map((step) => [
      step.statement,
      step.status,
      step.durationMs === null ? "-" : `${step.durationMs} ms`,
      step.error ?? "",
    ]),
  );
  const queries = renderSection(
    `Queries running longer than ${formatSeconds(threshold)}`,
    ["PID", "USER", "STATE", "DURATION", "QUERY"],
    facts.longQueries.map((query) => [
      String(query.pid),
      query.user ?? "",
      query.state ?? "",
      formatSeconds(query.durationSeconds),
      query.query,
    ]),
  );
  const tables = renderSection(
    `Largest tables (top ${largestTableCount})`,
    ["TABLE", "SIZE"],
    facts.tables.map((table) => [`${table.schema}.${table.table}`, formatBytes(table.totalBytes)]),
  );
  const dead = renderSection(
    "Dead rows per table (before maintenance)",
    ["TABLE", "LIVE (EST.)", "DEAD (EST.)", "DEAD %"],
    facts.deadTuples.map((row) => [
      `${row.schema}.${row.table}`,
      String(row.liveTuples),
      String(row.deadTuples),
      `${(row.deadRatio * 100).toFixed(1)}%`,
    ]),
  );
  return [steps, queries, tables, dead].join("\n\n");
}
