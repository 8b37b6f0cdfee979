import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { planStack, type Plan } from "../../infra/plan-model";
import type { PlannedResource } from "../../infra/planned-resource";

/** The project root, where Pulumi.yaml and the real stack files are. */
export const projectDir = path.resolve(__dirname, "../..");

const cache = new Map<string, Promise<Plan>>();

/** The offline plan of a real stack file, computed once per test run. */
export function realPlan(stack: "staging" | "prod"): Promise<Plan> {
  let plan = cache.get(stack);
  if (!plan) {
    plan = planStack(projectDir, stack);
    cache.set(stack, plan);
  }
  return plan;
}

/**
 * A throw-away project folder holding the real Pulumi.yaml and one stack file with the given
 * config (keys as in a stack file), for plans of deliberately changed settings.
 */
export function fixtureProject(stack: string, config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ai-skills-plan-"));
  fs.copyFileSync(path.join(projectDir, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
  return dir;
}

/** The real stack file's config with some sections' fields changed. */
export function realConfigWith(
  stack: "staging" | "prod",
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const file = parse(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  const config: Record<string, unknown> = { ...file.config };
  for (const [key, value] of Object.entries(changes)) {
    const current = config[key];
    config[key] =
      isObject(current) && isObject(value) ? { ...current, ...value } : (value as unknown);
  }
  return config;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Resources of a type token. */
export function ofType(plan: Plan, type: string): PlannedResource[] {
  return plan.resources.filter((r) => r.type === type);
}

/** The one resource of a type token; fails the test if there is not exactly one. */
export function single(plan: Plan, type: string): PlannedResource {
  const found = ofType(plan, type);
  if (found.length !== 1) {
    throw new Error(
      `expected exactly one ${type} in the ${plan.stack} plan, found ${found.length}`,
    );
  }
  return found[0];
}
