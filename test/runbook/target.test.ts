import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { FakeStackSource, runRunbook } from "./support/run-runbook";
import { localOutputs, writeOutputsFile } from "./support/fixtures";
import { SecretsManagerStore, TargetSecrets } from "../../scripts/adapters/secrets";
import { CloudWatchReader } from "../../scripts/adapters/cloudwatch";
import { perfMetricRequests } from "../../scripts/commands/perf-cloudwatch";
import { Redactor } from "../../scripts/core/redactor";
import { PulumiStackSource } from "../../scripts/target/stack-source";

describe("runbook target, secrets and CLI", function () {
  it("fails on a missing outputs file, naming it, exit 2", async function () {
    const run = await runRunbook(["health", "--outputs", "/nonexistent/outputs.json"]);

    assert.equal(run.exitCode, 2);
    assert.equal(
      run.stderr,
      "runbook: cannot read outputs file /nonexistent/outputs.json: no such file; pass a file " +
        "written by `pulumi stack output --json`, e.g. local/outputs.json\n",
    );
  });

  it("still prints a JSON report on stdout for --json on a bad target, exit 2", async function () {
    const run = await runRunbook(["health", "--json", "--outputs", "/nonexistent/outputs.json"]);

    assert.equal(run.exitCode, 2);
    assert.deepEqual(run.json(), {
      command: "health",
      exitCode: 2,
      error:
        "cannot read outputs file /nonexistent/outputs.json: no such file; pass a file " +
        "written by `pulumi stack output --json`, e.g. local/outputs.json",
    });
    assert.match(run.stderr, /^runbook: cannot read outputs file/);
  });

  it("fails on malformed JSON and on a contract mismatch, naming the field", async function () {
    const broken = writeOutputsFile("{ not json");
    const notJson = await runRunbook(["health", "--outputs", broken]);
    assert.equal(notJson.exitCode, 2);
    assert.match(
      notJson.stderr,
      new RegExp(`^runbook: outputs file ${broken} is not valid JSON \\(`),
    );

    const wrongPort = { ...localOutputs(), redis: { ...localOutputs().redis, port: "6379" } };
    const mismatch = await runRunbook([
      "health",
      "--outputs",
      writeOutputsFile(JSON.stringify(wrongPort)),
    ]);
    assert.equal(mismatch.exitCode, 2);
    assert.match(
      mismatch.stderr,
      new RegExp(
        String.raw`does not match the stack outputs contract \(stacks\/outputs\.ts\): ` +
          String.raw`redis\.port: Invalid input: expected number, received string\n$`,
      ),
    );
  });

  it("reads --stack through the stack source; reports an unknown stack, exit 2", async function () {
    const source = new FakeStackSource({ staging: localOutputs() });
    const run = await runRunbook(["access-review", "--stack", "prod"], { stackSource: source });

    assert.deepEqual(source.asked, ["prod"]);
    assert.equal(run.exitCode, 2);
    assert.equal(run.stderr, "runbook: stack prod not found; known stacks: staging\n");
  });

  it("prefers --outputs over --stack, and --stack over the environment", async function () {
    const source = new FakeStackSource({ staging: { ...localOutputs(), stack: "staging" } });
    const envOutputs = JSON.stringify({ ...localOutputs(), stack: "from-env" });
    const env = { RUNBOOK_OUTPUTS_JSON: envOutputs };
    const file = writeOutputsFile({ ...localOutputs(), stack: "from-file" });
    const args = ["--json", "--timeout", "0.2"];

    const fromFile = await runRunbook(
      ["health", "--outputs", file, "--stack", "staging", ...args],
      { env, stackSource: source },
    );
    const fromStack = await runRunbook(["health", "--stack", "staging", ...args], {
      env,
      stackSource: source,
    });
    const fromEnv = await runRunbook(["health", ...args], { env, stackSource: source });

    assert.equal(fromFile.json().stack, "from-file");
    assert.equal(fromStack.json().stack, "staging");
    assert.equal(fromEnv.json().stack, "from-env");
    assert.equal(fromEnv.json().from, "RUNBOOK_OUTPUTS_JSON");
  });

  it("without any target says the three ways to give one, exit 2", async function () {
    const run = await runRunbook(["health"]);

    assert.equal(run.exitCode, 2);
    assert.match(
      run.stderr,
      /no target given: pass --outputs FILE .* or --stack NAME, or set RUNBOOK_OUTPUTS_JSON/,
    );
  });

  it("says the real stack source cannot reach a stack without the Pulumi CLI", async function () {
    await assert.rejects(
      new PulumiStackSource().outputsOf("prod"),
      (error: Error & { exitCode: number }) => {
        assert.equal(error.exitCode, 3);
        assert.match(
          error.message,
          /^cannot reach stack prod through the Pulumi CLI \(.+\); pass --outputs FILE/,
        );
        return true;
      },
    );
  });

  it("lists the exit codes in --help and an example in each command's help", async function () {
    const help = await runRunbook(["--help"]);
    assert.equal(help.exitCode, 0);
    assert.match(
      help.stdout,
      /Exit codes:\n {2}0 {2}every check passed\n {2}1 .*\n {2}2 .*\n {2}3 {2}target unreachable/,
    );
    for (const command of ["health", "db-maintenance", "perf-review", "access-review"]) {
      const run = await runRunbook([command, "--help"]);
      assert.equal(run.exitCode, 0);
      assert.match(
        run.stdout,
        new RegExp(`Examples:\\n {2}runbook ${command} --outputs local/outputs.json`),
      );
    }
  });

  it("rejects an unknown command and a bad --timeout, exit 2", async function () {
    assert.equal((await runRunbook(["backup"])).exitCode, 2);
    const run = await runRunbook(["health", "--outputs", "x.json", "--timeout", "-1"]);
    assert.equal(run.exitCode, 2);
    assert.match(run.stderr, /'-1' is invalid\. expected a positive number of seconds/);
  });
});

describe("Secrets Manager and CloudWatch adapters (SDK mocked)", function () {
  const dbArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf";
  const tokenArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:redis-AbCdEf";
  const outputs = {
    ...localOutputs(),
    database: { ...localOutputs().database, secretArn: dbArn },
    redis: { ...localOutputs().redis, authTokenSecretArn: tokenArn },
  };

  it("reads password from the secret JSON, token as the string; redacts both", async function () {
    const mock = mockClient(SecretsManagerClient);
    mock.on(GetSecretValueCommand, { SecretId: dbArn }).resolves({
      SecretString: JSON.stringify({ username: "app", password: "s3cr3t-pass" }),
    });
    mock.on(GetSecretValueCommand, { SecretId: tokenArn }).resolves({ SecretString: "tok-999" });
    const redactor = new Redactor();
    const store = new SecretsManagerStore(new SecretsManagerClient({ region: "eu-west-1" }));
    const secrets = new TargetSecrets(outputs, {}, () => store, redactor);

    assert.equal(await secrets.databasePassword(), "s3cr3t-pass");
    assert.equal(await secrets.redisAuthToken(), "tok-999");
    assert.equal(mock.commandCalls(GetSecretValueCommand).length, 2);
    assert.equal(redactor.clean("pw s3cr3t-pass tok tok-999"), "pw [redacted] tok [redacted]");
    mock.restore();
  });

  it("prefers the environment and names the ARN, not the value, on errors", async function () {
    const mock = mockClient(SecretsManagerClient);
    mock
      .on(GetSecretValueCommand, { SecretId: dbArn })
      .resolves({ SecretString: "plain-not-json" });
    mock
      .on(GetSecretValueCommand, { SecretId: tokenArn })
      .rejects(
        Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" }),
      );
    const store = new SecretsManagerStore(new SecretsManagerClient({ region: "eu-west-1" }));
    const env = { RUNBOOK_DATABASE_PASSWORD: "from-env" };

    const withEnv = new TargetSecrets(outputs, env, () => store, new Redactor());
    assert.equal(await withEnv.databasePassword(), "from-env");
    const withoutEnv = new TargetSecrets(outputs, {}, () => store, new Redactor());
    await assert.rejects(withoutEnv.databasePassword(), {
      message: `secret ${dbArn} is not JSON; expected {"username", "password"}`,
    });
    await assert.rejects(withoutEnv.redisAuthToken(), {
      message:
        `cannot read secret ${tokenArn} from Secrets Manager (AccessDeniedException); ` +
        "check AWS credentials and secretsmanager:GetSecretValue on it",
    });
    mock.restore();
  });

  it("asks CloudWatch for daily datapoints and summarises them", async function () {
    const mock = mockClient(CloudWatchClient);
    mock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "albRequests", Values: [100, 300, 200] },
        { Id: "rdsCpu", Values: [10, 30] },
      ],
    });
    const withAlb = {
      ...outputs,
      loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/abc",
    };
    const reader = new CloudWatchReader(new CloudWatchClient({ region: "eu-west-1" }));
    const end = new Date("2026-01-31T00:00:00Z");
    const start = new Date("2026-01-01T00:00:00Z");
    const summaries = await reader.summarise(perfMetricRequests(withAlb), start, end);

    const input = mock.commandCalls(GetMetricDataCommand)[0].args[0].input;
    assert.equal(input.MetricDataQueries?.length, 5);
    assert.deepEqual(input.MetricDataQueries?.[0].MetricStat?.Metric?.Dimensions, [
      { Name: "LoadBalancer", Value: "app/web/abc" },
    ]);
    assert.equal(input.MetricDataQueries?.[0].MetricStat?.Period, 86400);
    assert.deepEqual(
      summaries.find((s) => s.id === "albRequests"),
      {
        id: "albRequests",
        label: "ALB requests",
        stat: "Sum",
        datapoints: 3,
        value: 600,
        peak: 300,
      },
    );
    assert.deepEqual(
      summaries.find((s) => s.id === "rdsCpu"),
      {
        id: "rdsCpu",
        label: "RDS CPU %",
        stat: "Average",
        datapoints: 2,
        value: 20,
        peak: 30,
      },
    );
    assert.equal(summaries.find((s) => s.id === "alb5xx")?.value, null);
    mock.restore();
  });
});
