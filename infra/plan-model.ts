import * as path from "node:path";
import { formatIssue, SettingsError } from "../stacks/settings";
import { runOffline } from "./mock-runtime";
import type { PlannedResource } from "./planned-resource";
import { readStackConfig, secretPlaceholder } from "./stack-files";

/** The offline plan of one stack: what `npm run plan` prints, as data. */
export interface Plan {
  readonly stack: string;
  readonly project: string;
  /** The stack's configuration as the program saw it; secrets shown as `[secret]`. */
  readonly config: Record<string, string>;
  readonly resources: PlannedResource[];
  /** Number of resources per type token, largest first. */
  readonly counts: Record<string, number>;
  /** Stack outputs; absent when the program stopped. */
  readonly outputs?: Record<string, unknown>;
  /** Invalid settings (`<key> = <value>: <rule>`) or the error that stopped the program. */
  readonly errors: string[];
}

/** The Pulumi program: `index.ts` beside this file. */
export const programPath = path.join(__dirname, "index.ts");

/**
 * Runs the program offline with the settings of `Pulumi.<stack>.yaml` in `projectDir`. Never calls a cloud API and
 * needs no credentials. Throws only for a stack that does not exist or an unreadable file.
 */
export async function planStack(projectDir: string, stack: string): Promise<Plan> {
  const stackConfig = readStackConfig(projectDir, stack);
  const run = await runOffline(stackConfig, programPath);

  const counts: Record<string, number> = {};
  for (const resource of run.resources) counts[resource.type] = (counts[resource.type] ?? 0) + 1;
  const sortedCounts = Object.fromEntries(
    Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
  );
  const config = { ...stackConfig.config };
  for (const key of stackConfig.secretKeys) config[key] = secretPlaceholder;

  return {
    stack,
    project: stackConfig.project,
    config,
    resources: run.resources,
    counts: sortedCounts,
    outputs: run.outputs,
    errors: run.error ? describeError(run.error) : [],
  };
}

function describeError(error: Error): string[] {
  if (error instanceof SettingsError || error.name === "SettingsError") {
    return (error as SettingsError).issues.map(formatIssue);
  }
  return [error.message];
}
