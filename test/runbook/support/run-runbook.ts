import { CliDependencies, runCli } from "../../../scripts/cli";
import { CloudWatchMetricsReader } from "../../../scripts/adapters/cloudwatch";
import { SecretStore } from "../../../scripts/adapters/secrets";
import { ImageScanReader } from "../../../scripts/adapters/ecr-scan";
import { DeniedRequestReader } from "../../../scripts/adapters/logs-insights";
import { BackupStore, S3BackupStore, S3StoreOptions } from "../../../scripts/adapters/backup-store";
import { MetricsTarget, realMetricsTarget } from "../../../scripts/adapters/metrics-publisher";
import { StackOutputsSource } from "../../../scripts/target/stack-source";
import { silentProgress, type ProgressFactory } from "../../../scripts/core/progress";
import { BadInputError } from "../../../scripts/core/errors";
import { StackOutputs } from "../../../stacks/outputs";

export interface RunbookRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (only for `--json` runs). */
  json<T = Record<string, unknown>>(): T;
}

/** A stack source that knows a fixed set of stacks, as the tests need. */
export class FakeStackSource implements StackOutputsSource {
  readonly asked: string[] = [];
  constructor(private readonly stacks: Readonly<Record<string, StackOutputs>>) {}

  async outputsOf(stackName: string): Promise<StackOutputs> {
    this.asked.push(stackName);
    const outputs = this.stacks[stackName];
    if (outputs === undefined) {
      throw new BadInputError(
        `stack ${stackName} not found; known stacks: ${Object.keys(this.stacks).join(", ")}`,
      );
    }
    return outputs;
  }
}

/** A secret store with fixed secrets, recording what was asked. */
export class FakeSecretStore implements SecretStore {
  readonly asked: string[] = [];
  constructor(private readonly secrets: Readonly<Record<string, string>>) {}

  async secretString(arn: string): Promise<string> {
    this.asked.push(arn);
    const value = this.secrets[arn];
    if (value === undefined) throw new Error(`test: no secret ${arn}`);
    return value;
  }
}

export interface RunOptions {
  /** Default: silent (tests read stdout and stderr whole). */
  readonly progress?: ProgressFactory;
  readonly env?: NodeJS.ProcessEnv;
  readonly stackSource?: StackOutputsSource;
  readonly secretStore?: SecretStore;
  readonly cloudWatch?: CloudWatchMetricsReader;
  /** Default: a reader that fails the test if asked. */
  readonly imageScans?: (region: string) => ImageScanReader;
  readonly deniedRequests?: DeniedRequestReader;
  /** Default: the real S3 store (point it at s3rver with RUNBOOK_S3_ENDPOINT in `env`). */
  readonly backupStore?: (options: S3StoreOptions) => BackupStore;
  /** Default: the real choice, which skips publishing for the local target. */
  readonly metrics?: MetricsTarget;
}

const unusedCloudWatch: CloudWatchMetricsReader = {
  summarise: async () => {
    throw new Error("test: CloudWatch was not expected to be called");
  },
};

const unusedImageScans: ImageScanReader = {
  findings: async () => {
    throw new Error("test: ECR was not expected to be called");
  },
};

const unusedDeniedRequests: DeniedRequestReader = {
  deniedRequests: async () => {
    throw new Error("test: Logs Insights was not expected to be called");
  },
};

/** Runs the CLI in this process with captured output and fakes for the cloud. */
export async function runRunbook(args: readonly string[], options: RunOptions = {}) {
  let stdout = "";
  let stderr = "";
  const deps: CliDependencies = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    stackSource: options.stackSource ?? new FakeStackSource({}),
    secretStore: () => options.secretStore ?? new FakeSecretStore({}),
    cloudWatch: () => options.cloudWatch ?? unusedCloudWatch,
    imageScans: options.imageScans ?? (() => unusedImageScans),
    deniedRequests: () => options.deniedRequests ?? unusedDeniedRequests,
    backupStore: options.backupStore ?? ((store) => S3BackupStore.create(store)),
    metrics: (outputs, env) => options.metrics ?? realMetricsTarget(outputs, env),
    progress: options.progress ?? silentProgress,
    now: () => new Date(),
  };
  const exitCode = await runCli(args, deps);
  const run: RunbookRun = {
    exitCode,
    stdout,
    stderr,
    json: <T>() => JSON.parse(stdout) as T,
  };
  return run;
}
