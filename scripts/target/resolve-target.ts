import { StackOutputs } from "../../stacks/outputs";
import { BadInputError } from "../core/errors";
import { loadOutputsFile, parseStackOutputsJson } from "./outputs-file";
import { StackOutputsSource } from "./stack-source";

/** Environment variable a scheduled task sets to the stack outputs, as JSON. */
export { outputsEnvVar } from "../../stacks/runbook-env";
import { outputsEnvVar } from "../../stacks/runbook-env";

export interface TargetOptions {
  /** `--outputs FILE` */
  readonly outputs?: string;
  /** `--stack NAME` */
  readonly stack?: string;
}

/** Where the target came from, for the report header and the logs. */
export type TargetOrigin = "outputs-file" | "stack" | "environment";

export interface ResolvedTarget {
  readonly outputs: StackOutputs;
  readonly origin: TargetOrigin;
  /** The file, stack name or variable the outputs came from. */
  readonly from: string;
}

/**
 * The target of a command, in this order: `--outputs FILE`, then `--stack NAME`, then the
 * environment of a scheduled task (RUNBOOK_OUTPUTS_JSON).
 */
export async function resolveTarget(
  options: TargetOptions,
  env: NodeJS.ProcessEnv,
  stackSource: StackOutputsSource,
): Promise<ResolvedTarget> {
  if (options.outputs !== undefined) {
    const outputs = await loadOutputsFile(options.outputs);
    return { outputs, origin: "outputs-file", from: options.outputs };
  }
  if (options.stack !== undefined) {
    const outputs = await stackSource.outputsOf(options.stack);
    return { outputs, origin: "stack", from: options.stack };
  }
  const fromEnv = env[outputsEnvVar];
  if (fromEnv !== undefined && fromEnv.trim().length > 0) {
    const outputs = parseStackOutputsJson(fromEnv, `environment variable ${outputsEnvVar}`);
    return { outputs, origin: "environment", from: outputsEnvVar };
  }
  throw new BadInputError(
    "no target given: pass --outputs FILE (e.g. local/outputs.json) or --stack NAME, " +
      `or set ${outputsEnvVar} to the stack outputs JSON`,
  );
}
