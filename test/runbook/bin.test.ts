import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { startStandInApp } from "../../local/app";
import { targetOutputs, writeOutputsFile } from "./support/fixtures";
import { freePort } from "./support/services";

const launcher = join(__dirname, "..", "..", "bin", "runbook.js");

function runBin(args: readonly string[]) {
  const result = spawnSync(process.execPath, [launcher, ...args], {
    encoding: "utf8",
    timeout: 30000,
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("bin/runbook.js as a process", function () {
  it("prints help with the exit codes, exit 0", function () {
    const run = runBin(["--help"]);
    assert.equal(run.exitCode, 0);
    assert.match(run.stdout, /^Usage: runbook \[options\] \[command\]/);
    assert.match(run.stdout, /health \[options\]/);
    assert.match(run.stdout, /3 {2}target unreachable/);
  });

  it("exits 2 for a missing outputs file and 3 for an unreachable stack", function () {
    const missing = runBin(["health", "--outputs", "/nonexistent.json"]);
    assert.equal(missing.exitCode, 2);
    assert.match(
      missing.stderr,
      /^runbook: cannot read outputs file \/nonexistent\.json: no such file/,
    );

    const stack = runBin(["health", "--stack", "prod"]);
    assert.equal(stack.exitCode, 3);
    assert.match(
      stack.stderr,
      /cannot reach stack prod through the Pulumi CLI \(the pulumi CLI is not installed here\)/,
    );
  });

  it("exits 1 within the timeout when the app hangs and the database is down", async function () {
    const app = await startStandInApp({ port: 0, host: "127.0.0.1", mode: "hung" });
    try {
      const target = targetOutputs({ appUrl: app.url, database: { port: await freePort() } });
      const file = writeOutputsFile(target);
      const started = Date.now();
      const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [
          launcher,
          "health",
          "--outputs",
          file,
          "--timeout",
          "1",
          "--json",
        ]);
        let stdout = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.on("exit", (code) => resolve({ code, stdout }));
      });
      const report = JSON.parse(result.stdout) as { status: string; checks: { status: string }[] };

      assert.equal(result.code, 1);
      assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
      assert.equal(report.status, "unhealthy");
      assert.deepEqual(
        report.checks.map((check) => check.status),
        ["failed", "failed", "failed", "ok"],
      );
    } finally {
      await app.close();
    }
  });
});
