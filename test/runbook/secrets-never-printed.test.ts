import assert from "node:assert/strict";
import { startStandInApp, StandInApp } from "../../local/app";
import { FakeSecretStore, runRunbook } from "./support/run-runbook";
import { targetOutputs, writeOutputsFile } from "./support/fixtures";
import { createTestDatabase, startTlsRedis, TlsRedis } from "./support/services";
import { OwnPostgres, startOwnPostgres } from "./support/own-postgres";
import { prepareAppSchema } from "../../local/app-schema";

describe("secrets never appear in any output", function () {
  const dbArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db";
  const tokenArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:redis";
  let app: StandInApp;
  let redis: TlsRedis;
  let postgres: OwnPostgres;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const outputs: string[] = [];

  before(async function () {
    app = await startStandInApp({ port: 0, host: "127.0.0.1", mode: "healthy" });
    redis = await startTlsRedis();
    postgres = await startOwnPostgres();
    database = await createTestDatabase("secrets");
    await prepareAppSchema(database.client);
  });

  after(async function () {
    await app.close();
    await redis.stop();
    postgres.stop();
    await database.drop();
  });

  async function runAll(target: ReturnType<typeof targetOutputs>, env: NodeJS.ProcessEnv) {
    const file = writeOutputsFile(target);
    const store = new FakeSecretStore({
      [dbArn]: JSON.stringify({ username: "postgres", password: postgres.password }),
      [tokenArn]: redis.token,
    });
    const codes: number[] = [];
    for (const command of ["health", "db-maintenance", "perf-review", "access-review"]) {
      for (const flags of [["--json"], ["--verbose"]]) {
        const run = await runRunbook([command, "--outputs", file, ...flags, "--timeout", "2"], {
          env: { RUNBOOK_REDIS_CA_FILE: redis.caFile, ...env },
          secretStore: store,
        });
        outputs.push(run.stdout, run.stderr);
        codes.push(run.exitCode);
      }
    }
    return codes;
  }

  const secretTarget = (database: Record<string, unknown> = {}) =>
    targetOutputs({
      appUrl: app.url,
      database: { port: postgres.port, name: "postgres", secretArn: dbArn, ...database },
      redis: { port: redis.port, tls: true, authTokenSecretArn: tokenArn },
    });

  it("with the Secrets Manager secrets (every command, --json and --verbose)", async function () {
    const codes = await runAll(secretTarget(), {});
    assert.deepEqual(codes.slice(0, 2), [0, 0]);
  });

  it("with wrong secrets from the environment", async function () {
    const codes = await runAll(secretTarget(), {
      RUNBOOK_DATABASE_PASSWORD: "wrong-db-password-41",
      RUNBOOK_REDIS_AUTH_TOKEN: "wrong-redis-token-42",
    });
    assert.deepEqual(codes.slice(0, 2), [1, 1]);
    assert.ok(
      codes.slice(2).every((code) => code === 3),
      String(codes),
    );
  });

  it("even when a server error message echoes the secret", async function () {
    const echoing = secretTarget({ name: `db_${postgres.password.replace(/-/g, "_")}` });
    const file = writeOutputsFile(echoing);
    const secret = postgres.password.replace(/-/g, "_");
    const run = await runRunbook(["health", "--outputs", file, "--json"], {
      env: { RUNBOOK_DATABASE_PASSWORD: secret, RUNBOOK_REDIS_CA_FILE: redis.caFile },
      secretStore: new FakeSecretStore({ [tokenArn]: redis.token }),
    });
    const postgresCheck = run.json<{ checks: { name: string; error?: string }[] }>().checks[2];

    assert.equal(run.exitCode, 1);
    assert.match(
      String(postgresCheck.error),
      /^PostgreSQL 127\.0\.0\.1:\d+ database db_\[redacted\]: /,
    );
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
    outputs.push(run.stdout, run.stderr);
  });

  it("grep of every output above finds none of the secrets", function () {
    const secrets = [
      postgres.password,
      redis.token,
      "wrong-db-password-41",
      "wrong-redis-token-42",
    ];
    assert.equal(outputs.length, 2 * 8 * 2 + 2);
    for (const secret of secrets) {
      for (const text of outputs) assert.ok(!text.includes(secret), `found ${secret} in: ${text}`);
    }
  });
});
