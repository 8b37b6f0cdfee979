import type { Plan } from "./plan-model";
import type { PlannedResource } from "./planned-resource";

/** The plan as text for people: the resource tree by component, counts, outputs, errors. */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  const region = plan.config["aws:region"] ?? "?";
  lines.push(
    `Offline plan of stack ${plan.stack} (project ${plan.project}, region ${region}); ` +
      "no cloud calls were made.",
    "",
  );

  if (plan.errors.length > 0) {
    lines.push(`Errors (${plan.errors.length}): the program stopped before it finished.`);
    for (const error of plan.errors) lines.push(`  - ${error}`);
    lines.push("");
  }

  if (plan.errors.length > 0 && plan.resources.length === 0) {
    lines.push("No resources were declared: fix the errors above and plan again.");
    return lines.join("\n");
  }

  lines.push(`Resources (${plan.resources.length}):`);
  const children = new Map<string | undefined, PlannedResource[]>();
  for (const resource of plan.resources) {
    const siblings = children.get(resource.parent) ?? [];
    siblings.push(resource);
    children.set(resource.parent, siblings);
  }
  const walk = (parent: string | undefined, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) =>
        Number(a.custom) - Number(b.custom) ||
        a.type.localeCompare(b.type) ||
        a.name.localeCompare(b.name),
    );
    for (const resource of list) {
      lines.push(`${"  ".repeat(depth + 1)}${resource.name}  ${resource.type}`);
      walk(resource.urn, depth + 1);
    }
  };
  walk(undefined, 0);
  lines.push("");

  lines.push("Counts by type:");
  for (const [type, count] of Object.entries(plan.counts)) {
    lines.push(`  ${String(count).padStart(4)}  ${type}`);
  }
  lines.push("");

  const { policies } = plan;
  if (plan.errors.length === 0) {
    const mandatory = policies.violations.filter((v) => v.enforcementLevel === "mandatory");
    lines.push(
      `Policies (${policies.config}): ${policies.evaluated} evaluated, ` +
        `${policies.violations.length} violation(s), ${mandatory.length} mandatory`,
    );
    for (const v of policies.violations) {
      const where = v.name ? `${v.name} (${v.type})` : "stack";
      lines.push(`  [${v.enforcementLevel}] ${v.policy}: ${where}: ${v.message}`);
    }
    if (policies.violations.length === 0) lines.push("  all pass");
    lines.push("");
  }

  if (plan.outputs) {
    lines.push("Outputs:");
    for (const [key, value] of flatten(plan.outputs)) lines.push(`  ${key} = ${value}`);
  } else {
    lines.push("Outputs: none (the program did not finish)");
  }
  return lines.join("\n");
}

/** `{a: {b: 1}}` -> [["a.b", "1"]], for one line per output value. */
function flatten(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) =>
      flatten(inner, prefix ? `${prefix}.${key}` : key),
    );
  }
  return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]];
}
