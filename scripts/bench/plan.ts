import { spawnSync } from "node:child_process";
import * as path from "node:path";

const projectDir = path.resolve(__dirname, "..", "..");

/** Wall time of one child process, in milliseconds; fails loudly if the command fails. */
function timeProcess(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: projectDir, encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`${args.join(" ")} exited ${result.status}: ${result.stderr.slice(0, 400)}`);
  }
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * `npm run plan -- --stack prod` against the time Node takes only to load @pulumi/aws, both as
 * fresh processes in the same run: the ratio says what the plan costs beyond loading the SDK.
 * The plan is run as npm runs it (`ts-node --swc infra/plan.ts`), without npm itself.
 */
export async function benchPlan(runs = 5): Promise<void> {
  const loadOnly = ["-e", 'require("@pulumi/aws")'];
  const plan = [
    require.resolve("ts-node/dist/bin.js"),
    "--swc",
    "infra/plan.ts",
    "--stack",
    "prod",
  ];
  timeProcess(loadOnly); // warm the file cache for both
  timeProcess(plan);

  const baseline: number[] = [];
  const planned: number[] = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(timeProcess(loadOnly));
    planned.push(timeProcess(plan));
  }
  const b = median(baseline);
  const p = median(planned);
  console.log(`load @pulumi/aws only:      median ${b.toFixed(0)} ms over ${runs} runs`);
  console.log(`plan --stack prod:          median ${p.toFixed(0)} ms over ${runs} runs`);
  console.log(`ratio plan / load-only:     ${(p / b).toFixed(2)}x`);
}
