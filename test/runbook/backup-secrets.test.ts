import assert from "node:assert/strict";
import { Client } from "pg";
import { LocalS3 } from "../../local/s3";
import { FakeSecretStore, runRunbook } from "./support/run-runbook";
import { writeOutputsFile } from "./support/fixtures";
import { OwnPostgres, startOwnPostgres } from "./support/own-postgres";
import { FakeMetricsPublisher, backupTarget, startTestS3 } from "./support/backup-fixtures";

describe("backup commands never print the database password", function () {
  const dbArn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db";
  const bucket = "secret-backups";
  let postgres: OwnPostgres;
  let s3: LocalS3;
  let outputsFile: string;
  const outputs: string[] = [];

  before(async function () {
    postgres = await startOwnPostgres();
    s3 = await startTestS3([bucket]);
    const client = new Client({
      host: "127.0.0.1",
      port: postgres.port,
      user: "postgres",
      password: postgres.password,
      database: "postgres",
    });
    await client.connect();
    await client.query("CREATE TABLE notes AS SELECT g AS id FROM generate_series(1, 42) g");
    await client.end();
    const base = backupTarget("postgres", bucket);
    outputsFile = writeOutputsFile({
      ...base,
      database: { ...base.database, port: postgres.port, secretArn: dbArn },
    });
  });

  after(async function () {
    await s3.close();
    postgres.stop();
  });

  async function runBoth(env: NodeJS.ProcessEnv): Promise<number[]> {
    const store = new FakeSecretStore({
      [dbArn]: JSON.stringify({ username: "postgres", password: postgres.password }),
    });
    const codes: number[] = [];
    for (const command of [["backup"], ["backup", "--dry-run"], ["backup-verify"]]) {
      for (const flags of [["--json"], ["--verbose"]]) {
        const run = await runRunbook([...command, "--outputs", outputsFile, ...flags], {
          env: { RUNBOOK_S3_ENDPOINT: s3.endpoint, ...env },
          secretStore: store,
          metrics: { publisher: new FakeMetricsPublisher() },
        });
        outputs.push(run.stdout, run.stderr);
        codes.push(run.exitCode);
      }
    }
    return codes;
  }

  it("with the Secrets Manager password: pg_dump and pg_restore authenticate", async function () {
    assert.deepEqual(await runBoth({}), [0, 0, 0, 0, 0, 0]);
  });

  it("with a wrong password from the environment: unreachable, exit 3", async function () {
    const codes = await runBoth({ RUNBOOK_DATABASE_PASSWORD: "wrong-backup-password-43" });
    assert.deepEqual(codes.slice(0, 4), [3, 3, 3, 3]);
  });

  it("grep of every output above finds neither password", function () {
    assert.equal(outputs.length, 24);
    for (const secret of [postgres.password, "wrong-backup-password-43"]) {
      for (const text of outputs) assert.ok(!text.includes(secret), `found ${secret} in: ${text}`);
    }
  });
});
