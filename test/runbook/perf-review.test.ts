import assert from "node:assert/strict";
import { Client } from "pg";
import { startStandInApp, StandInApp } from "../../local/app";
import { runRunbook } from "./support/run-runbook";
import { targetOutputs, writeOutputsFile } from "./support/fixtures";
import { createTestDatabase } from "./support/services";
import { OwnPostgres, startOwnPostgres } from "./support/own-postgres";
import { slowQuerySql, timingColumns } from "../../scripts/commands/slow-queries";
import { CloudWatchMetricsReader, MetricRequest } from "../../scripts/adapters/cloudwatch";

interface PerfReport {
  status: string;
  exitCode: number;
  slowQueries: {
    status: string;
    serverVersionNum: number;
    message?: string;
    queries: { calls: number; meanMs: number; query: string }[];
  };
  connections: { maxConnections: number; total: number; byState: Record<string, number> };
  appMetrics: Record<string, unknown>;
  cloudWatch: Record<string, unknown>;
}

const albArn =
  "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/ai-skills-prod/" +
  "50dc6c495c0c9188";

describe("runbook perf-review", function () {
  let app: StandInApp;
  let ownPostgres: OwnPostgres;
  let plainDatabase: Awaited<ReturnType<typeof createTestDatabase>>;

  before(async function () {
    app = await startStandInApp({
      port: 0,
      host: "127.0.0.1",
      mode: "healthy",
      sampleRequests: 1000,
    });
    ownPostgres = await startOwnPostgres();
    const client = new Client({
      host: "127.0.0.1",
      port: ownPostgres.port,
      user: "postgres",
      password: ownPostgres.password,
      database: "postgres",
    });
    await client.connect();
    await client.query("CREATE EXTENSION pg_stat_statements");
    for (let index = 0; index < 3; index += 1) await client.query("SELECT pg_sleep(0.05)");
    await client.end();
    plainDatabase = await createTestDatabase("perf");
  });

  after(async function () {
    await app.close();
    ownPostgres.stop();
    await plainDatabase.drop();
  });

  const ownTarget = (extra: { loadBalancerArn?: string } = {}) =>
    writeOutputsFile(
      targetOutputs({
        appUrl: app.url,
        database: { port: ownPostgres.port, name: "postgres" },
        ...extra,
      }),
    );
  const ownEnv = () => ({ RUNBOOK_DATABASE_PASSWORD: ownPostgres.password });

  it("lists the slowest statements, connections and app metrics, exit 0", async function () {
    const run = await runRunbook(["perf-review", "--outputs", ownTarget(), "--json"], {
      env: ownEnv(),
    });
    const report = run.json<PerfReport>();

    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(report.status, "ok");
    assert.equal(report.slowQueries.status, "ok");
    assert.ok(report.slowQueries.serverVersionNum >= 150000);
    const [slowest] = report.slowQueries.queries;
    assert.equal(slowest.query, "SELECT pg_sleep($1)");
    assert.equal(slowest.calls, 3);
    assert.ok(slowest.meanMs >= 50 && slowest.meanMs < 1000, `${slowest.meanMs}`);
    assert.equal(report.connections.maxConnections, 100);
    assert.ok(report.connections.total >= 1);
    assert.deepEqual(
      { ...report.appMetrics, uptimeSeconds: undefined, requestsPerSecond: undefined },
      {
        status: "ok",
        url: `${app.url}/metrics`,
        uptimeSeconds: undefined,
        requestsPerSecond: undefined,
        requests: 1000,
        serverErrors: 100,
        errorRatio: 0.1,
        latencyMeanMs: 320,
        latencyP95Ms: 875,
      },
    );
    assert.ok(Number(report.appMetrics.requestsPerSecond) > 0);
    assert.deepEqual(report.cloudWatch, {
      status: "not-applicable",
      reason: "the target has no AWS load balancer (local)",
    });
  });

  it("prints the sections for people", async function () {
    const run = await runRunbook(["perf-review", "--outputs", ownTarget()], { env: ownEnv() });

    assert.equal(run.exitCode, 0);
    assert.match(run.stdout, /^Slowest queries by mean execution time \(pg_stat_statements\)$/m);
    assert.match(run.stdout, /^\d+\.\d\d\s+3\s+[\d.]+\s+SELECT pg_sleep\(\$1\)$/m);
    assert.match(run.stdout, /^requests since start\s+1000$/m);
    assert.match(run.stdout, /^latency p95 \(estimate\)\s+875 ms$/m);
  });

  it("says the extension is not installed, with what to run, exit 1", async function () {
    const file = writeOutputsFile(
      targetOutputs({ appUrl: app.url, database: { name: plainDatabase.name } }),
    );
    const run = await runRunbook(["perf-review", "--outputs", file, "--json"]);
    const report = run.json<PerfReport>();

    assert.equal(run.exitCode, 1);
    assert.equal(report.status, "incomplete");
    assert.deepEqual(report.slowQueries, {
      status: "extension-not-installed",
      serverVersionNum: report.slowQueries.serverVersionNum,
      message:
        `pg_stat_statements is not installed in database ${plainDatabase.name}: run ` +
        "CREATE EXTENSION pg_stat_statements; (it must also be in shared_preload_libraries)",
      queries: [],
    });
    assert.equal(report.appMetrics.status, "ok");
  });

  it("says the extension is not loaded when it is created but not preloaded", async function () {
    await plainDatabase.client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    try {
      const file = writeOutputsFile(
        targetOutputs({ appUrl: app.url, database: { name: plainDatabase.name } }),
      );
      const run = await runRunbook(["perf-review", "--outputs", file]);

      assert.equal(run.exitCode, 1);
      assert.match(run.stdout, /^Slowest queries: extension-not-loaded$/m);
      assert.match(run.stdout, /add it to shared_preload_libraries \(the RDS parameter group\)/);
      assert.doesNotMatch(run.stdout + run.stderr, /must be loaded via/);
    } finally {
      await plainDatabase.client.query("DROP EXTENSION pg_stat_statements");
    }
  });

  it("marks app metrics unavailable when /metrics cannot be reached", async function () {
    const silentApp = await startStandInApp({ port: 0, host: "127.0.0.1", mode: "healthy" });
    await silentApp.close();
    const file = writeOutputsFile(
      targetOutputs({
        appUrl: silentApp.url,
        database: { port: ownPostgres.port, name: "postgres" },
      }),
    );
    const run = await runRunbook(["perf-review", "--outputs", file, "--json", "--timeout", "0.5"], {
      env: ownEnv(),
    });
    const report = run.json<PerfReport>();

    assert.equal(run.exitCode, 1);
    assert.equal(report.appMetrics.status, "unavailable");
    assert.match(
      String(report.appMetrics.error),
      new RegExp(`GET ${silentApp.url}/metrics: .*ECONNREFUSED`),
    );
  });

  it("summarises CloudWatch metrics when the stack has a load balancer", async function () {
    const asked: { requests: readonly MetricRequest[]; days: number }[] = [];
    const reader: CloudWatchMetricsReader = {
      async summarise(requests, start, end) {
        asked.push({ requests, days: (end.getTime() - start.getTime()) / 86400000 });
        return requests.map((request) => ({
          id: request.id,
          label: request.label,
          stat: request.stat,
          datapoints: 30,
          value: 12.5,
          peak: 40,
        }));
      },
    };
    const run = await runRunbook(
      ["perf-review", "--outputs", ownTarget({ loadBalancerArn: albArn }), "--json", "--days", "7"],
      { env: ownEnv(), cloudWatch: reader },
    );
    const report = run.json<PerfReport>();

    assert.equal(run.exitCode, 0, JSON.stringify(report.cloudWatch));
    assert.equal(asked.length, 1);
    assert.equal(asked[0].days, 7);
    const alb = asked[0].requests.find((request) => request.id === "albRequests");
    assert.deepEqual(alb?.dimensions, { LoadBalancer: "app/ai-skills-prod/50dc6c495c0c9188" });
    const rds = asked[0].requests.find((request) => request.id === "rdsCpu");
    assert.deepEqual(rds?.dimensions, { DBInstanceIdentifier: "local" });
    assert.equal(report.cloudWatch.status, "ok");
    assert.equal((report.cloudWatch.metrics as unknown[]).length, 5);
  });

  it("marks CloudWatch unavailable and exits 1 when the API fails", async function () {
    const reader: CloudWatchMetricsReader = {
      summarise: async () => {
        throw Object.assign(new Error("not authorized"), { name: "AccessDenied" });
      },
    };
    const run = await runRunbook(
      ["perf-review", "--outputs", ownTarget({ loadBalancerArn: albArn }), "--json"],
      { env: ownEnv(), cloudWatch: reader },
    );

    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.json<PerfReport>().cloudWatch, {
      status: "unavailable",
      error:
        "CloudWatch in us-east-1: AccessDenied: not authorized; " +
        "check credentials and cloudwatch:GetMetricData",
    });
  });

  it("picks pg_stat_statements timing columns by server version", function () {
    assert.deepEqual(timingColumns(120017), { mean: "mean_time", total: "total_time" });
    assert.deepEqual(timingColumns(130000), { mean: "mean_exec_time", total: "total_exec_time" });
    assert.deepEqual(timingColumns(160004), { mean: "mean_exec_time", total: "total_exec_time" });
    assert.match(slowQuerySql(120017), /ORDER BY mean_time DESC/);
    assert.doesNotMatch(slowQuerySql(120017), /exec_time/);
    assert.match(slowQuerySql(150020), /ORDER BY mean_exec_time DESC/);
  });
});
