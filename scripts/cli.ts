import { Command, CommanderError, Option } from "commander";
import { CommandSpec } from "./core/command";
import { BadInputError, RunbookError, messageOf } from "./core/errors";
import { ExitCode, exitCodeHelp } from "./core/exit-codes";
import { createLogger } from "./core/logger";
import { positiveSeconds } from "./core/options";
import { silentProgress, terminalProgress, type ProgressFactory } from "./core/progress";
import { Redactor, TextSink, redactingSink } from "./core/redactor";
import { CloudWatchMetricsReader, CloudWatchReader } from "./adapters/cloudwatch";
import { EcrScanReader, ImageScanReader } from "./adapters/ecr-scan";
import { DeniedRequestReader, LogsInsightsReader } from "./adapters/logs-insights";
import {
  BackupStore,
  S3BackupStore,
  S3StoreOptions,
  s3EndpointEnvVar,
} from "./adapters/backup-store";
import { MetricsTarget, metricsEnvVar, realMetricsTarget } from "./adapters/metrics-publisher";
import {
  SecretStore,
  SecretsManagerStore,
  TargetSecrets,
  databasePasswordEnvVar,
  redisAuthTokenEnvVar,
} from "./adapters/secrets";
import { outputsEnvVar, resolveTarget } from "./target/resolve-target";
import { PulumiStackSource, StackOutputsSource } from "./target/stack-source";
import { StackOutputs } from "../stacks/outputs";
import { accessReviewCommand } from "./commands/access-review";
import { backupCommand } from "./commands/backup";
import { backupVerifyCommand } from "./commands/backup-verify";
import { dbMaintenanceCommand } from "./commands/db-maintenance";
import { healthCommand } from "./commands/health";
import { perfReviewCommand } from "./commands/perf-review";
import { securityAuditCommand } from "./commands/security-audit";

/** Every command, in the order `--help` lists them. */
export const commands: readonly CommandSpec[] = [
  healthCommand,
  dbMaintenanceCommand,
  perfReviewCommand,
  accessReviewCommand,
  securityAuditCommand,
  backupCommand,
  backupVerifyCommand,
];

/** Default per-step time limit, in seconds. */
export const defaultTimeoutSeconds = 5;

/** What the tool talks to; the real ones by default, fakes in tests. */
export interface CliDependencies {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: NodeJS.ProcessEnv;
  readonly stackSource: StackOutputsSource;
  readonly secretStore: (region: string) => SecretStore;
  readonly cloudWatch: (region: string) => CloudWatchMetricsReader;
  readonly imageScans: (region: string) => ImageScanReader;
  readonly deniedRequests: (region: string) => DeniedRequestReader;
  readonly backupStore: (options: S3StoreOptions) => BackupStore;
  readonly metrics: (outputs: StackOutputs, env: NodeJS.ProcessEnv) => MetricsTarget;
  /** Progress display of long steps (silent unless stderr is a terminal). */
  readonly progress: ProgressFactory;
  readonly now: () => Date;
}

export function realDependencies(): CliDependencies {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stackSource: new PulumiStackSource(),
    secretStore: (region) => SecretsManagerStore.forRegion(region),
    cloudWatch: (region) => CloudWatchReader.forRegion(region),
    imageScans: (region) => EcrScanReader.forRegion(region),
    deniedRequests: (region) => LogsInsightsReader.forRegion(region),
    backupStore: (options) => S3BackupStore.create(options),
    metrics: realMetricsTarget,
    progress: terminalProgress(),
    now: () => new Date(),
  };
}

interface GlobalOptions {
  outputs?: string;
  stack?: string;
  json: boolean;
  verbose: boolean;
  timeout: number;
}

const envRow = (name: string, text: string) => `  ${name.padEnd(27)}${text}`;
const environmentHelp = [
  "Target, in this order: --outputs FILE, --stack NAME, or the environment:",
  envRow(outputsEnvVar, "stack outputs JSON (scheduled tasks)"),
  envRow(databasePasswordEnvVar, "database password (else Secrets Manager by database.secretArn)"),
  envRow(
    redisAuthTokenEnvVar,
    "Redis AUTH token (else Secrets Manager by redis.authTokenSecretArn)",
  ),
  envRow(s3EndpointEnvVar, "S3-compatible endpoint for backups, e.g. http://127.0.0.1:4569"),
  envRow("", "(path-style; s3rver's S3RVER keys unless AWS_ACCESS_KEY_ID is set)"),
  envRow(metricsEnvVar, "off: publish no CloudWatch metric (backup)"),
].join("\n");

/** Runs `runbook` with the given arguments (without node and script) and returns the exit code. */
export async function runCli(args: readonly string[], deps: CliDependencies): Promise<number> {
  const redactor = new Redactor();
  const stdout = redactingSink(deps.stdout, redactor);
  const stderr = redactingSink(deps.stderr, redactor);
  let exitCode: number = ExitCode.ok;

  const program = buildProgram(stdout, stderr);
  for (const spec of commands) {
    const command = program.command(spec.name).summary(spec.summary).description(spec.summary);
    command.addHelpText("after", `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join("\n")}`);
    spec.configure(command);
    command.action(async (options: Record<string, unknown>, self: Command) => {
      const globals = self.optsWithGlobals<GlobalOptions>();
      const logger = createLogger(stderr, redactor, globals.verbose);
      const target = await resolveTarget(globals, deps.env, deps.stackSource);
      const region = target.outputs.region;
      logger.debug({ command: spec.name, target: target.from }, "target resolved");
      const secrets = new TargetSecrets(
        target.outputs,
        deps.env,
        () => deps.secretStore(region),
        redactor,
      );
      const timeoutMs = Math.round(globals.timeout * 1000);
      const imageScans = deps.imageScans;
      const deniedRequests = () => deps.deniedRequests(region);
      const aws = { imageScans, deniedRequests };
      const context = { target, secrets, logger, timeoutMs, env: deps.env, now: deps.now, ...aws };
      const cloudWatch = () => deps.cloudWatch(region);
      const endpoint = nonEmpty(deps.env[s3EndpointEnvVar]);
      const backupStore = () => {
        if (target.outputs.loadBalancerArn === "local" && endpoint === undefined) {
          // The local target's bucket name is not ours on real S3: never send a dump there.
          throw new BadInputError(
            `the local target's bucket lives in the S3 stand-in: set ${s3EndpointEnvVar} ` +
              "(npm run local:up prints it)",
          );
        }
        return deps.backupStore({
          bucket: target.outputs.backup.bucket,
          region,
          endpoint,
          env: deps.env,
        });
      };
      const metrics = () => deps.metrics(target.outputs, deps.env);
      const progress = globals.json ? silentProgress : deps.progress;
      const services = { cloudWatch, backupStore, metrics, progress };
      const result = await spec.run({ ...context, ...services }, options);
      const header = { command: spec.name, stack: target.outputs.stack, from: target.from };
      if (globals.json) {
        const report = { ...header, exitCode: result.exitCode, ...result.report };
        stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        stdout.write(`${spec.name}: stack ${header.stack} (${header.from})\n\n${result.human}\n`);
      }
      exitCode = result.exitCode;
    });
  }

  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    const code = exitCodeFor(error, stderr);
    if (code !== ExitCode.ok && args.includes("--json")) {
      // A machine caller (a scheduled task) gets a report on stdout even when there is none.
      const command = args.find((a) => commands.some((c) => c.name === a)) ?? null;
      const message = error instanceof Error ? error.message : String(error);
      stdout.write(`${JSON.stringify({ command, exitCode: code, error: message }, null, 2)}\n`);
    }
    return code;
  }
  return exitCode;
}

function buildProgram(stdout: TextSink, stderr: TextSink): Command {
  return new Command("runbook")
    .description("Operations procedures of the AI Skills platform, run against a stack")
    .addOption(
      new Option("--outputs <file>", "stack outputs JSON file (pulumi stack output --json)"),
    )
    .addOption(new Option("--stack <name>", "read the outputs of this Pulumi stack"))
    .option("--json", "machine-readable report on stdout", false)
    .option("--verbose", "debug logs on stderr", false)
    .addOption(
      new Option("--timeout <seconds>", "time limit of each probe or step")
        .argParser(positiveSeconds)
        .default(defaultTimeoutSeconds),
    )
    .addHelpText("after", `\n${exitCodeHelp}\n\n${environmentHelp}`)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
    });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function exitCodeFor(error: unknown, stderr: TextSink): number {
  if (error instanceof CommanderError) {
    const quiet = ["commander.helpDisplayed", "commander.version"].includes(error.code);
    return quiet ? ExitCode.ok : ExitCode.badInput;
  }
  if (error instanceof RunbookError) {
    stderr.write(`runbook: ${error.message}\n`);
    return error.exitCode;
  }
  stderr.write(`runbook: unexpected failure: ${messageOf(error)}; rerun with --verbose\n`);
  return ExitCode.checkFailed;
}
