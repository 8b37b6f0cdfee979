import assert from "node:assert/strict";
import { Client } from "pg";
import { startStandInApp, StandInApp } from "../../local/app";
import { FakeSecretStore, runRunbook } from "./support/run-runbook";
import { targetOutputs, writeOutputsFile } from "./support/fixtures";
import {
  createTestDatabase,
  freePort,
  localPostgres,
  startSilentServer,
  startTlsRedis,
  TlsRedis,
} from "./support/services";
import { OwnPostgres, startOwnPostgres } from "./support/own-postgres";

interface HealthCheck {
  name: string;
  endpoint: string;
  status: "ok" | "failed";
  durationMs: number;
  detail: Record<string, unknown>;
  error?: string;
}
interface HealthReport {
  command: string;
  stack: string;
  exitCode: number;
  status: string;
  totalMs: number;
  timeoutMs: number;
  checks: HealthCheck[];
}

function check(report: HealthReport, name: string): HealthCheck {
  const found = report.checks.find((candidate) => candidate.name === name);
  assert.ok(found, `no check named ${name} in ${JSON.stringify(report.checks)}`);
  return found;
}

describe("runbook health", function () {
  let app: StandInApp;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let tlsRedis: TlsRedis;
  let ownPostgres: OwnPostgres;
  let maxConnections: number;

  before(async function () {
    app = await startStandInApp({ port: 0, host: "127.0.0.1", mode: "healthy" });
    database = await createTestDatabase("health");
    tlsRedis = await startTlsRedis();
    ownPostgres = await startOwnPostgres();
    const { rows } = await database.client.query("SHOW max_connections");
    maxConnections = Number(rows[0].max_connections);
  });

  after(async function () {
    await app.close();
    await database.drop();
    await tlsRedis.stop();
    ownPostgres.stop();
  });

  beforeEach(() => {
    app.mode = "healthy";
  });

  const healthyTarget = () => targetOutputs({ appUrl: app.url, database: { name: database.name } });

  it("reports all four checks green against the local services, exit 0", async function () {
    const run = await runRunbook([
      "health",
      "--outputs",
      writeOutputsFile(healthyTarget()),
      "--json",
    ]);
    const report = run.json<HealthReport>();

    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(report.command, "health");
    assert.equal(report.stack, "local");
    assert.equal(report.status, "healthy");
    assert.equal(report.exitCode, 0);
    assert.equal(report.timeoutMs, 5000);
    assert.deepEqual(
      report.checks.map((c) => [c.name, c.status]),
      [
        ["app /health", "ok"],
        ["app /health/detailed", "ok"],
        ["postgres", "ok"],
        ["redis", "ok"],
      ],
    );
    assert.equal(check(report, "app /health").endpoint, `${app.url}/health`);
    assert.deepEqual(check(report, "app /health").detail, { httpStatus: 200, status: "ok" });
    assert.equal(check(report, "app /health/detailed").detail.database, "ok");
    const postgres = check(report, "postgres").detail;
    assert.match(String(postgres.version), /^15\./);
    assert.equal(postgres.maxConnections, maxConnections);
    assert.ok(Number(postgres.connections) >= 1);
    assert.deepEqual(
      { reply: check(report, "redis").detail.reply, tls: check(report, "redis").detail.tls },
      { reply: "PONG", tls: false },
    );
  });

  it("prints a table for people with one row per check", async function () {
    const run = await runRunbook(["health", "--outputs", writeOutputsFile(healthyTarget())]);

    assert.equal(run.exitCode, 0);
    const lines = run.stdout.split("\n");
    assert.match(lines[0], /^health: stack local/);
    assert.match(run.stdout, /^CHECK\s+STATUS\s+TIME\s+DETAIL$/m);
    assert.match(run.stdout, /^app \/health\s+OK\s+\d+ ms\s+httpStatus=200 status=ok$/m);
    assert.match(run.stdout, /^postgres\s+OK\s+\d+ ms\s+version=15\./m);
    assert.match(run.stdout, /^redis\s+OK\s+\d+ ms\s+reply=PONG tls=false/m);
    assert.match(run.stdout, /^healthy \(4 checks in \d+ ms\)$/m);
    assert.equal(run.stderr, "");
  });

  it("fails with exit 1 when the app answers 503", async function () {
    app.mode = "failing";
    const run = await runRunbook([
      "health",
      "--outputs",
      writeOutputsFile(healthyTarget()),
      "--json",
    ]);
    const report = run.json<HealthReport>();

    assert.equal(run.exitCode, 1);
    assert.equal(report.status, "unhealthy");
    assert.equal(check(report, "app /health").status, "failed");
    assert.equal(check(report, "app /health").error, `GET ${app.url}/health answered 503`);
    assert.equal(check(report, "app /health/detailed").detail.database, "error");
    assert.equal(check(report, "postgres").status, "ok");
  });

  it("bounds a hung app by the timeout and still reports the other probes", async function () {
    app.mode = "hung";
    const started = Date.now();
    const args = ["health", "--outputs", writeOutputsFile(healthyTarget()), "--json"];
    const run = await runRunbook([...args, "--timeout", "0.5"]);
    const elapsed = Date.now() - started;
    const report = run.json<HealthReport>();

    assert.equal(run.exitCode, 1);
    assert.ok(elapsed < 2000, `took ${elapsed} ms with a 500 ms timeout`);
    assert.equal(report.timeoutMs, 500);
    const appCheck = check(report, "app /health");
    assert.equal(appCheck.status, "failed");
    assert.match(String(appCheck.error), /no answer within 500 ms|did not answer within 500 ms/);
    assert.ok(appCheck.durationMs >= 450 && appCheck.durationMs < 1500, `${appCheck.durationMs}`);
    assert.equal(check(report, "postgres").status, "ok");
    assert.equal(check(report, "redis").status, "ok");
  });

  it("answers within the timeout for a database that accepts and never speaks", async function () {
    const silent = await startSilentServer();
    try {
      const target = targetOutputs({ appUrl: app.url, database: { port: silent.port } });
      const started = Date.now();
      const run = await runRunbook([
        "health",
        "--outputs",
        writeOutputsFile(target),
        "--json",
        "--timeout",
        "0.5",
      ]);
      const elapsed = Date.now() - started;
      const postgres = check(run.json<HealthReport>(), "postgres");

      assert.equal(run.exitCode, 1);
      assert.ok(elapsed < 2000, `took ${elapsed} ms`);
      assert.equal(postgres.status, "failed");
      assert.match(String(postgres.error), new RegExp(`127\\.0\\.0\\.1:${silent.port}`));
    } finally {
      await silent.close();
    }
  });

  it("names the refused endpoint when Postgres and Redis are down", async function () {
    const closedPort = await freePort();
    const target = targetOutputs({
      appUrl: app.url,
      database: { port: closedPort },
      redis: { port: closedPort },
    });
    const run = await runRunbook(["health", "--outputs", writeOutputsFile(target), "--json"]);
    const report = run.json<HealthReport>();

    assert.equal(run.exitCode, 1);
    assert.equal(
      check(report, "postgres").error,
      `PostgreSQL 127.0.0.1:${closedPort} database ai_skills: connection refused; ` +
        "check that the server runs and the port is right",
    );
    assert.match(String(check(report, "redis").error), new RegExp(`Redis 127.0.0.1:${closedPort}`));
    assert.match(run.stderr, /"msg":"probe failed"/);
  });

  it("pings Redis over TLS with the token from Secrets Manager", async function () {
    const tokenArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:redis-token";
    const target = targetOutputs({
      appUrl: app.url,
      database: { name: database.name },
      redis: { port: tlsRedis.port, tls: true, authTokenSecretArn: tokenArn },
    });
    const store = new FakeSecretStore({ [tokenArn]: tlsRedis.token });
    const run = await runRunbook(["health", "--outputs", writeOutputsFile(target), "--json"], {
      env: { RUNBOOK_REDIS_CA_FILE: tlsRedis.caFile },
      secretStore: store,
    });
    const redis = check(run.json<HealthReport>(), "redis");

    assert.equal(run.exitCode, 0, JSON.stringify(redis));
    assert.deepEqual(store.asked, [tokenArn]);
    assert.equal(redis.detail.tls, true);
    assert.equal(redis.detail.reply, "PONG");
    assert.equal(redis.endpoint, `127.0.0.1:${tlsRedis.port}`);
  });

  it("fails the Redis check on a wrong token, naming the secret, not the token", async function () {
    const target = targetOutputs({
      appUrl: app.url,
      database: { name: database.name },
      redis: { port: tlsRedis.port, tls: true },
    });
    const run = await runRunbook(["health", "--outputs", writeOutputsFile(target), "--json"], {
      env: { RUNBOOK_REDIS_CA_FILE: tlsRedis.caFile, RUNBOOK_REDIS_AUTH_TOKEN: "wrong-token-123" },
    });
    const redis = check(run.json<HealthReport>(), "redis");

    assert.equal(run.exitCode, 1);
    assert.equal(
      redis.error,
      `Redis 127.0.0.1:${tlsRedis.port} (TLS): AUTH failed; check RUNBOOK_REDIS_AUTH_TOKEN`,
    );
    assert.ok(!run.stdout.includes("wrong-token-123"));
  });

  it("fails the Postgres check on a wrong password, naming the secret to check", async function () {
    const secretArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db";
    const target = targetOutputs({
      appUrl: app.url,
      database: { port: ownPostgres.port, name: "postgres", secretArn },
    });
    const store = new FakeSecretStore({ [secretArn]: JSON.stringify({ password: "not-it" }) });
    const run = await runRunbook(["health", "--outputs", writeOutputsFile(target), "--json"], {
      secretStore: store,
    });
    const postgres = check(run.json<HealthReport>(), "postgres");

    assert.equal(run.exitCode, 1);
    assert.equal(
      postgres.error,
      `PostgreSQL 127.0.0.1:${ownPostgres.port} database postgres: authentication failed for ` +
        `user postgres; check the secret ${secretArn} or RUNBOOK_DATABASE_PASSWORD`,
    );
  });

  it("passes the Postgres check with the right password from Secrets Manager", async function () {
    const secretArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db";
    const target = targetOutputs({
      appUrl: app.url,
      database: { port: ownPostgres.port, name: "postgres", secretArn },
    });
    const secret = JSON.stringify({ username: "postgres", password: ownPostgres.password });
    const run = await runRunbook(["health", "--outputs", writeOutputsFile(target), "--json"], {
      secretStore: new FakeSecretStore({ [secretArn]: secret }),
    });

    assert.equal(run.exitCode, 0, run.stdout);
    assert.equal(check(run.json<HealthReport>(), "postgres").status, "ok");
  });

  it("fails the connections check when usage reaches the given ratio", async function () {
    const extra = new Client({ ...localPostgres, database: database.name });
    await extra.connect();
    try {
      const run = await runRunbook([
        "health",
        "--outputs",
        writeOutputsFile(healthyTarget()),
        "--json",
        "--max-connection-ratio",
        String(1 / maxConnections),
      ]);
      const postgres = check(run.json<HealthReport>(), "postgres");

      assert.equal(run.exitCode, 1);
      assert.equal(postgres.status, "failed");
      assert.match(String(postgres.error), new RegExp(`of ${maxConnections} connections in use`));
    } finally {
      await extra.end();
    }
  });
});
