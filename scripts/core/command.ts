import { Command } from "commander";
import { ExitCodeValue } from "./exit-codes";
import { Logger } from "./logger";
import { ResolvedTarget } from "../target/resolve-target";
import { TargetSecrets } from "../adapters/secrets";
import { CloudWatchMetricsReader } from "../adapters/cloudwatch";
import { ImageScanReader } from "../adapters/ecr-scan";
import { DeniedRequestReader } from "../adapters/logs-insights";
import { BackupStore } from "../adapters/backup-store";
import { MetricsTarget } from "../adapters/metrics-publisher";

/** What every command gets: the target, its secrets, a logger and the global options. */
import type { ProgressFactory } from "./progress";

export interface CommandContext {
  readonly target: ResolvedTarget;
  readonly secrets: TargetSecrets;
  readonly logger: Logger;
  /** Per-step time limit from `--timeout`, in milliseconds. */
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  /** CloudWatch for the target's region. */
  readonly cloudWatch: () => CloudWatchMetricsReader;
  /** ECR scan findings, for the region an image lives in. */
  readonly imageScans: (region: string) => ImageScanReader;
  /** Denied requests in the app's log group (Logs Insights in the target's region). */
  readonly deniedRequests: () => DeniedRequestReader;
  /** The stack's backup bucket (S3, or RUNBOOK_S3_ENDPOINT). */
  readonly backupStore: () => BackupStore;
  /** Where custom metrics go, or why none are published. */
  readonly metrics: () => MetricsTarget;
  /** Progress of long steps: a bar on a terminal, nothing in pipes or with `--json`. */
  readonly progress: ProgressFactory;
  readonly now: () => Date;
}

/** What a command hands back: the exit code, the facts as JSON, and the same for people. */
export interface CommandResult {
  readonly exitCode: ExitCodeValue;
  /** The command's own fields of the `--json` report. */
  readonly report: Record<string, unknown>;
  /** The table people read. */
  readonly human: string;
}

/** One `runbook` verb: its help, its options, and what it does. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Example command lines shown under `--help`. */
  readonly examples: readonly string[];
  /** Adds the command's own options. */
  configure(command: Command): void;
  run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult>;
}
