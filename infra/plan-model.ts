import * as path from "node:path";
import * as fs from "node:fs";
import { allPolicies } from "../policies/all";
import { configDirectory, loadPackConfig } from "../policies/config";
import { evaluatePolicies, type PolicyResult } from "../policies/evaluate";
import { formatIssue, SettingsError } from "../stacks/settings";
import { runOffline } from "./mock-runtime";
import type { PlannedResource } from "./planned-resource";
import { maskSecretLooking, readStackConfig, secretPlaceholder } from "./stack-files";

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
  /** The security policies run over the resources, and what they found. */
  readonly policies: {
    /** Pack config file the levels came from. */
    readonly config: string;
    /** Number of policies evaluated (disabled ones excluded). */
    readonly evaluated: number;
    readonly violations: PolicyResult[];
  };
}

/** The Pulumi program: `index.ts` beside this file. */
export const programPath = path.join(__dirname, "index.ts");

/**
 * Runs the program offline with the settings of `Pulumi.<stack>.yaml` in `projectDir`. Never
 * calls a cloud API and needs no credentials. Throws only for a stack that does not exist or an
 * unreadable file.
 */
export async function planStack(projectDir: string, stack: string): Promise<Plan> {
  const stackConfig = readStackConfig(projectDir, stack);
  const run = await runOffline(stackConfig, programPath);

  const counts: Record<string, number> = {};
  for (const resource of run.resources) counts[resource.type] = (counts[resource.type] ?? 0) + 1;
  const sortedCounts = Object.fromEntries(
    Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
  );
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(stackConfig.config)) {
    config[key] = stackConfig.secretKeys.includes(key)
      ? secretPlaceholder
      : maskSecretLooking(value);
  }

  const packConfigName = policyConfigFor(stack, stackConfig.config["ai-skills:environment"]);
  const packConfig = loadPackConfig(packConfigName);
  const violations = run.error
    ? []
    : evaluatePolicies(run.resources, { stack, config: packConfig });
  const disabled = allPolicies.filter((p) => {
    const entry = packConfig[p.name];
    const level = typeof entry === "string" ? entry : entry?.enforcementLevel;
    return level === "disabled";
  }).length;

  return {
    stack,
    project: stackConfig.project,
    config,
    resources: run.resources,
    counts: sortedCounts,
    outputs: run.outputs,
    errors: run.error ? describeError(run.error) : [],
    policies: {
      config: `policies/config/${packConfigName}.json`,
      evaluated: run.error ? 0 : allPolicies.length - disabled,
      violations,
    },
  };
}

/**
 * The pack config a stack runs under: `policies/config/<stack>.json` if there is one, else the
 * file of the stack's environment (so a new prod-like stack is held to prod's levels).
 */
function policyConfigFor(stack: string, environment: string | undefined): string {
  if (fs.existsSync(`${configDirectory}/${stack}.json`)) return stack;
  return environment === "prod" ? "prod" : "staging";
}

function describeError(error: Error): string[] {
  if (error instanceof SettingsError || error.name === "SettingsError") {
    return (error as SettingsError).issues.map(formatIssue);
  }
  return [error.message];
}
