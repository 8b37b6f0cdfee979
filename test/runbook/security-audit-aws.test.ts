import assert from "node:assert/strict";
import { mockClient } from "aws-sdk-client-mock";
import {
  DescribeImageScanFindingsCommand,
  ECRClient,
  ImageNotFoundException,
} from "@aws-sdk/client-ecr";
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { runRunbook } from "./support/run-runbook";
import { localOutputs, writeOutputsFile } from "./support/fixtures";
import { EcrScanReader, parseEcrImage } from "../../scripts/adapters/ecr-scan";
import {
  DeniedRequestReader,
  DeniedRequestSummary,
  LogsInsightsReader,
  requestsByStatusQuery,
  topDeniedClientsQuery,
} from "../../scripts/adapters/logs-insights";
import { StackOutputs } from "../../stacks/outputs";

interface AuditCheck {
  name: string;
  status: string;
  summary: string;
  detail: Record<string, unknown>;
}
type AuditReport = { exitCode: number; status: string; checks: AuditCheck[] };

const registry = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const albArn =
  "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/ai-skills-prod/" +
  "50dc6c495c0c9188";

function outputsWith(parts: Partial<StackOutputs>): string {
  return writeOutputsFile({ ...localOutputs(), ...parts });
}

async function audit(file: string, options: Parameters<typeof runRunbook>[1] = {}) {
  const run = await runRunbook(["security-audit", "--outputs", file, "--json"], options);
  const report = run.json<AuditReport>();
  const check = (name: string) => {
    const found = report.checks.find((candidate) => candidate.name === name);
    assert.ok(found, `no check ${name}`);
    return found;
  };
  return { run, report, check };
}

describe("runbook security-audit: ECR image scans", function () {
  const ecr = mockClient(ECRClient);
  const imageScans = (region: string) => EcrScanReader.forRegion(region);
  afterEach(() => ecr.reset());
  after(() => ecr.restore());

  const findings = (counts: Record<string, number>) => ({
    imageScanStatus: { status: "COMPLETE" as const },
    imageScanFindings: { findingSeverityCounts: counts },
  });

  it("parses ECR references by digest and by tag, and nothing else", function () {
    assert.deepEqual(parseEcrImage(`${registry}/ai-skills/app@${digest(1)}`), {
      reference: `${registry}/ai-skills/app@${digest(1)}`,
      registryId: "111122223333",
      region: "eu-west-1",
      repositoryName: "ai-skills/app",
      digest: digest(1),
    });
    assert.equal(parseEcrImage(`${registry}/app:v1.2`)?.tag, "v1.2");
    assert.equal(parseEcrImage(`${registry}/app`), null);
    assert.equal(parseEcrImage("ai-skills:local"), null);
    assert.equal(parseEcrImage("docker.io/library/node:20"), null);
  });

  it("fails on CRITICAL findings and warns on HIGH only, per colour, exit 1", async function () {
    ecr
      .on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: digest(1) } })
      .resolves(findings({ CRITICAL: 2, HIGH: 5, LOW: 1 }));
    ecr
      .on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: digest(2) } })
      .resolves(findings({ HIGH: 3 }));
    const file = outputsWith({
      images: { blue: `${registry}/app@${digest(1)}`, green: `${registry}/app@${digest(2)}` },
    });
    const { run, check } = await audit(file, { imageScans });

    assert.equal(run.exitCode, 1);
    assert.equal(check("image blue").status, "fail");
    assert.equal(check("image blue").summary, "2 CRITICAL, 5 HIGH, 1 LOW");
    assert.equal(check("image blue").detail.critical, 2);
    assert.equal(check("image green").status, "warn");
    assert.equal(check("image green").summary, "3 HIGH");
    const input = ecr.commandCalls(DescribeImageScanFindingsCommand)[0].args[0].input;
    assert.equal(input.registryId, "111122223333");
    assert.equal(input.repositoryName, "app");
  });

  it("passes an image with no findings, asking once for one both colours run", async function () {
    ecr.on(DescribeImageScanFindingsCommand).resolves(findings({}));
    const image = `${registry}/app:release-7`;
    const { run, check } = await audit(outputsWith({ images: { blue: image, green: image } }), {
      imageScans,
    });

    assert.equal(run.exitCode, 0, run.stdout);
    assert.equal(check("image blue").summary, "no findings");
    assert.equal(check("image green").status, "ok");
    assert.equal(ecr.commandCalls(DescribeImageScanFindingsCommand).length, 1);
    const imageId = ecr.commandCalls(DescribeImageScanFindingsCommand)[0].args[0].input.imageId;
    assert.deepEqual(imageId, { imageTag: "release-7" });
  });

  it("fails an image ECR lacks; names the permission when access is denied", async function () {
    ecr
      .on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: digest(1) } })
      .rejects(new ImageNotFoundException({ message: "not there", $metadata: {} }));
    const denied = Object.assign(new Error("not authorized"), { name: "AccessDeniedException" });
    ecr
      .on(DescribeImageScanFindingsCommand, { imageId: { imageDigest: digest(2) } })
      .rejects(denied);
    const file = outputsWith({
      images: { blue: `${registry}/app@${digest(1)}`, green: `${registry}/app@${digest(2)}` },
    });
    const { run, check } = await audit(file, { imageScans });

    assert.equal(run.exitCode, 1);
    assert.equal(
      check("image blue").summary,
      `image ${digest(1)} not found in repository app in 111122223333/eu-west-1; check images in ` +
        `the outputs`,
    );
    assert.match(
      check("image green").summary,
      /^ecr:DescribeImageScanFindings denied on repository app .*\(AccessDeniedException\)/,
    );
  });
});

class FakeDeniedRequests implements DeniedRequestReader {
  readonly asked: { logGroupName: string; start: Date; end: Date }[] = [];
  constructor(private readonly answer: DeniedRequestSummary | Error) {}

  async deniedRequests(logGroupName: string, start: Date, end: Date) {
    this.asked.push({ logGroupName, start, end });
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

describe("runbook security-audit: denied requests", function () {
  const onAws = () => outputsWith({ loadBalancerArn: albArn, appLogGroupName: "/ecs/ai-skills" });
  const summary = (unauthorized: number, forbidden: number, requestsSeen = 50_000) => ({
    requestsSeen,
    unauthorized,
    forbidden,
    topClients: [{ client: "203.0.113.9", requests: unauthorized }],
  });

  it("counts 401 and 403 over the last 7 days of the app's log group", async function () {
    const fake = new FakeDeniedRequests(summary(40, 2));
    const { check } = await audit(onAws(), { deniedRequests: fake });
    const denied = check("denied requests");

    assert.equal(denied.status, "ok");
    assert.equal(denied.summary, "42 denied (401: 40, 403: 2) of 50000 requests in 7 days");
    assert.deepEqual(denied.detail.topClients, [{ client: "203.0.113.9", requests: 40 }]);
    assert.equal(fake.asked[0].logGroupName, "/ecs/ai-skills");
    const windowMs = fake.asked[0].end.getTime() - fake.asked[0].start.getTime();
    assert.equal(windowMs, 7 * 86_400_000);
  });

  it("warns above the threshold, and when no line carries an HTTP status", async function () {
    const many = await audit(onAws(), {
      deniedRequests: new FakeDeniedRequests(summary(900, 101)),
    });
    const blind = await audit(onAws(), {
      deniedRequests: new FakeDeniedRequests(summary(0, 0, 0)),
    });

    assert.equal(many.check("denied requests").status, "warn");
    assert.match(many.check("denied requests").summary, /^1001 denied .*, over 1000$/);
    assert.equal(blind.check("denied requests").status, "warn");
    assert.match(blind.check("denied requests").summary, /carries an HTTP status/);
  });

  it("fails naming the permission when Logs Insights refuses", async function () {
    const client = new CloudWatchLogsClient({ region: "eu-west-1" });
    const logs = mockClient(client);
    const denied = Object.assign(new Error("no"), { name: "AccessDeniedException" });
    logs.on(StartQueryCommand).rejects(denied);
    const reader = new LogsInsightsReader(client, "eu-west-1");
    const { run, check } = await audit(onAws(), { deniedRequests: reader });
    logs.restore();

    assert.equal(run.exitCode, 1);
    assert.equal(
      check("denied requests").summary,
      "logs:StartQuery denied on log group /ecs/ai-skills (AccessDeniedException); grant it to " +
        "the audit's role",
    );
  });

  it("runs both documented queries and sums their rows", async function () {
    const client = new CloudWatchLogsClient({ region: "eu-west-1" });
    const logs = mockClient(client);
    logs.on(StartQueryCommand, { queryString: requestsByStatusQuery }).resolves({ queryId: "s" });
    logs.on(StartQueryCommand, { queryString: topDeniedClientsQuery }).resolves({ queryId: "c" });
    const row = (fields: Record<string, string>) =>
      Object.entries(fields).map(([field, value]) => ({ field, value }));
    logs
      .on(GetQueryResultsCommand, { queryId: "s" })
      .resolvesOnce({ status: "Running" })
      .resolves({
        status: "Complete",
        results: [
          row({ httpStatus: "200", requests: "900" }),
          row({ httpStatus: "401", requests: "70" }),
          row({ httpStatus: "403", requests: "30" }),
        ],
      });
    logs.on(GetQueryResultsCommand, { queryId: "c" }).resolves({
      status: "Complete",
      results: [row({ client: "198.51.100.4", requests: "60" })],
    });
    const reader = new LogsInsightsReader(client, "eu-west-1", 10);
    const result = await reader.deniedRequests("/ecs/ai-skills", new Date(0), new Date(7e8));
    logs.restore();

    assert.deepEqual(result, {
      requestsSeen: 1000,
      unauthorized: 70,
      forbidden: 30,
      topClients: [{ client: "198.51.100.4", requests: 60 }],
    });
    assert.match(topDeniedClientsQuery, /filter httpStatus in \["401", "403"\]/);
  });

  it("reports every check not applicable on the local target, exit 0", async function () {
    const { run, report } = await audit(writeOutputsFile(localOutputs()));

    assert.equal(run.exitCode, 0);
    assert.equal(report.status, "ok");
    assert.deepEqual(
      report.checks.map((c) => c.status),
      Array(5).fill("not-applicable"),
    );
    assert.match(
      report.checks[4].summary,
      /not deployed on AWS \(local\): the app.s log group is not in CloudWatch/,
    );
  });

  it("fails a deployed stack whose appUrl is plain HTTP", async function () {
    const fake = new FakeDeniedRequests(summary(0, 0));
    const { check } = await audit(onAws(), { deniedRequests: fake });

    assert.equal(check("tls certificate").status, "fail");
    assert.match(check("tls certificate").summary, /must be served over HTTPS$/);
  });
});
