import { startStandInApp } from "../../local/app";
import { CliDependencies, realDependencies, runCli } from "../cli";
import { stackOutputsSchema } from "../../stacks/outputs";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface HealthRun {
  readonly wallMs: number;
  readonly probesMs: number;
  readonly slowestProbeMs: number;
  readonly slowestProbe: string;
  readonly exitCode: number;
}

/** One `health --json` run in this process; its report gives each probe's time. */
async function measureOnce(outputsJson: string, extraArgs: readonly string[]): Promise<HealthRun> {
  let stdout = "";
  const deps: CliDependencies = {
    ...realDependencies(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    env: { ...process.env, RUNBOOK_OUTPUTS_JSON: outputsJson },
  };
  const started = performance.now();
  const exitCode = await runCli(["health", "--json", ...extraArgs], deps);
  const wallMs = performance.now() - started;
  const report = JSON.parse(stdout) as {
    totalMs: number;
    checks: { name: string; durationMs: number }[];
  };
  const slowest = report.checks.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
  return {
    wallMs,
    probesMs: report.totalMs,
    slowestProbeMs: slowest.durationMs,
    slowestProbe: slowest.name,
    exitCode,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * `health`'s wall time against its slowest probe in the same run: near 1 means the probes run
 * at once; near 4 would mean one after another. Against the local Postgres and Redis and a
 * stand-in app, healthy, then hung (the hung app must cost the timeout, not more).
 */
export async function benchHealth(runs = 7): Promise<void> {
  const outputsPath = join(__dirname, "..", "..", "local", "outputs.json");
  const local = stackOutputsSchema.parse(JSON.parse(readFileSync(outputsPath, "utf8")));
  const app = await startStandInApp({ port: 0, host: "127.0.0.1", mode: "healthy" });
  try {
    const outputs = {
      ...local,
      appUrl: app.url,
      database: { ...local.database, name: "postgres" },
    };
    const outputsJson = JSON.stringify(outputs);
    await measureOnce(outputsJson, []);
    for (const mode of ["healthy", "hung"] as const) {
      app.mode = mode;
      const args = mode === "hung" ? ["--timeout", "1"] : [];
      const results: HealthRun[] = [];
      for (let index = 0; index < (mode === "hung" ? 3 : runs); index += 1) {
        results.push(await measureOnce(outputsJson, args));
      }
      const ratios = results.map((run) => run.probesMs / run.slowestProbeMs);
      const wallRatios = results.map((run) => run.wallMs / run.slowestProbeMs);
      const slowest = results[results.length - 1].slowestProbe;
      console.log(
        `health (${mode}${mode === "hung" ? ", --timeout 1" : ""}), median of ${results.length}: ` +
          `wall ${median(results.map((r) => r.wallMs)).toFixed(1)} ms, ` +
          `probes ${median(results.map((r) => r.probesMs))} ms, ` +
          `slowest probe ${median(results.map((r) => r.slowestProbeMs))} ms (${slowest}); ` +
          `probes/slowest ${median(ratios).toFixed(2)}, ` +
          `wall/slowest ${median(wallRatios).toFixed(2)}, ` +
          `exit ${results[0].exitCode}`,
      );
    }
  } finally {
    await app.close();
  }
}
