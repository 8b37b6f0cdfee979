import { StackOutputs } from "../../stacks/outputs";
import { CommandContext } from "../core/command";
import { messageOf } from "../core/errors";
import { formatBytes, formatSeconds, renderSection } from "../core/table";
import { TableCount } from "./backup-catalog";
import { s3EndpointEnvVar } from "../adapters/backup-store";
import { metricsEnvVar } from "../adapters/metrics-publisher";

/** The environment the backup commands read, for their `--help`. */
export const backupEnvironmentHelp = [
  "Environment:",
  `  ${s3EndpointEnvVar}  an S3-compatible server instead of S3 in outputs.region, e.g.`,
  "                       http://127.0.0.1:4569 (path-style; s3rver's keys unless",
  "                       AWS_ACCESS_KEY_ID is set)",
  `  ${metricsEnvVar}      off: publish no CloudWatch metric (also skipped for the local target)`,
].join("\n");

/** The metric the backup-freshness alarm watches (components/alarm-specs.ts). */
export const backupSucceededMetric = "BackupSucceeded";

export interface MetricOutcome {
  readonly name: string;
  readonly status: "published" | "skipped" | "failed";
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly note?: string;
}

/**
 * Publishes BackupSucceeded = 1 (Count) with `Stack=<stack>` in the stack's namespace, once,
 * after the manifest is stored; or says why it was skipped or failed.
 */
export async function publishBackupSucceeded(
  context: CommandContext,
  outputs: StackOutputs,
): Promise<MetricOutcome> {
  const dimensions = { Stack: outputs.stack };
  const base = { name: backupSucceededMetric, namespace: outputs.metricsNamespace, dimensions };
  const target = context.metrics();
  if ("skipped" in target) return { ...base, status: "skipped", note: target.skipped };
  try {
    await target.publisher.publish({
      namespace: outputs.metricsNamespace,
      name: backupSucceededMetric,
      value: 1,
      unit: "Count",
      dimensions,
      timestamp: context.now(),
    });
    return { ...base, status: "published" };
  } catch (error) {
    const note =
      `${messageOf(error)}; the backup is complete but the freshness alarm will fire; ` +
      "check cloudwatch:PutMetricData for the namespace";
    return { ...base, status: "failed", note };
  }
}

interface BackupReport {
  readonly bucket: string;
  readonly key: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly durationMs: number;
  readonly tables: readonly TableCount[];
  readonly metric: MetricOutcome;
}

export function renderBackup(report: BackupReport): string {
  const metric = report.metric;
  const summary = [
    "Backup (complete: dump and manifest stored)",
    `  key        s3://${report.bucket}/${report.key}`,
    `  size       ${formatBytes(report.sizeBytes)} (${report.sizeBytes} bytes)`,
    `  sha256     ${report.sha256}`,
    `  duration   ${formatSeconds(report.durationMs / 1000)}`,
    `  metric     ${metric.name} ${metric.status}` +
      (metric.note === undefined ? "" : `: ${metric.note}`),
  ].join("\n");
  const tables = renderSection(
    "Rows per table (in the dump's snapshot)",
    ["TABLE", "ROWS"],
    report.tables.map((table) => [`${table.schema}.${table.table}`, String(table.rows)]),
  );
  return `${summary}\n\n${tables}`;
}
