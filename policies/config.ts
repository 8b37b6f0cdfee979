import { readFileSync, existsSync, readdirSync } from "fs";
import * as path from "path";
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";

/**
 * Pack config: the same JSON file `pulumi preview --policy-pack-config` reads. Keys are policy
 * names, or `all`; a value is an enforcement level, or an object of the policy's parameters with
 * an optional `enforcementLevel`. A policy's level is, in order: its own entry's level, `all`,
 * the level the policy declares, advisory.
 */

export type PackConfig = PolicyPackConfig;

/** Folder of the per-stack config files, `config/<stack>.json`. */
export const configDirectory = path.join(__dirname, "config");

const levels: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Loads `config/<stack>.json`; throws naming the stacks that have one when it is missing. */
export function loadPackConfig(stack: string): PackConfig {
  const file = path.join(configDirectory, `${stack}.json`);
  if (!existsSync(file)) {
    const known = readdirSync(configDirectory)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.replace(/\.json$/, ""));
    throw new Error(
      `no policy pack config for stack \`${stack}\` (${file}); ` +
        `add it or use one of: ${known.join(", ")}`,
    );
  }
  return parsePackConfig(JSON.parse(readFileSync(file, "utf8")) as unknown, file);
}

/** Checks the shape of a pack config; `source` names it in errors. */
export function parsePackConfig(value: unknown, source: string): PackConfig {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${source}: pack config must be a JSON object`);
  }
  for (const [key, entry] of Object.entries(value)) {
    const level =
      typeof entry === "string"
        ? entry
        : (entry as { enforcementLevel?: unknown })?.enforcementLevel;
    if (level !== undefined && !levels.includes(level as EnforcementLevel)) {
      throw new Error(
        `${source}: \`${key}\` has enforcement level ${JSON.stringify(level)}; ` +
          `use one of ${levels.join(", ")}`,
      );
    }
  }
  return value as PackConfig;
}

/** The enforcement level a policy runs at under `config`. */
export function levelFor(
  policy: { name: string; enforcementLevel?: EnforcementLevel },
  config: PackConfig,
): EnforcementLevel {
  const entry = config[policy.name];
  const own = typeof entry === "string" ? entry : entry?.enforcementLevel;
  const all = config.all;
  const allLevel = typeof all === "string" ? all : all?.enforcementLevel;
  return own ?? allLevel ?? policy.enforcementLevel ?? "advisory";
}

/** A policy's parameters under `config` (its entry without `enforcementLevel`). */
export function parametersFor(policyName: string, config: PackConfig): Record<string, unknown> {
  const entry = config[policyName];
  if (entry === undefined || typeof entry === "string") {
    return {};
  }
  const parameters: Record<string, unknown> = { ...entry };
  delete parameters.enforcementLevel;
  return parameters;
}
