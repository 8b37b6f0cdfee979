import assert from "node:assert/strict";
import { createServer as createHttpServer, Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { AddressInfo } from "node:net";
import { runRunbook } from "./support/run-runbook";
import { targetOutputs, writeOutputsFile } from "./support/fixtures";
import { makeTestCertificates, TestCertificate, TestCertificates } from "./support/certificates";
import { startSilentServer } from "./support/services";

interface AuditCheck {
  name: string;
  target: string;
  status: "ok" | "warn" | "fail" | "not-applicable";
  summary: string;
  durationMs: number;
  detail: Record<string, unknown>;
}
interface AuditReport {
  command: string;
  stack: string;
  from: string;
  exitCode: number;
  status: string;
  totalMs: number;
  timeoutMs: number;
  thresholds: Record<string, unknown>;
  checks: AuditCheck[];
}

export function auditCheck(report: AuditReport, name: string): AuditCheck {
  const found = report.checks.find((candidate) => candidate.name === name);
  assert.ok(found, `no check named ${name} in ${JSON.stringify(report.checks)}`);
  return found;
}

async function listen(server: HttpServer): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const startHttps = (certificate: TestCertificate) =>
  listen(createHttpsServer(certificate, (_request, response) => response.end("ok")));

const startPlainHttp = (status: number, location?: string) =>
  listen(
    createHttpServer((_request, response) => {
      response.writeHead(status, location === undefined ? {} : { Location: location });
      response.end();
    }),
  );

describe("runbook security-audit: TLS and HTTP", function () {
  let certificates: TestCertificates;
  const servers: { port: number; close(): Promise<void> }[] = [];
  const ports: Record<string, number> = {};

  before(async function () {
    certificates = makeTestCertificates();
    for (const name of ["valid", "expiring", "wrongHost", "selfSigned"] as const) {
      const server = await startHttps(certificates[name]);
      servers.push(server);
      ports[name] = server.port;
    }
    const redirecting = await startPlainHttp(301, `https://127.0.0.1:${ports.valid}/`);
    const temporary = await startPlainHttp(302, `https://127.0.0.1:${ports.valid}/`);
    const plain = await startPlainHttp(200);
    servers.push(redirecting, temporary, plain);
    ports.redirecting = redirecting.port;
    ports.temporary = temporary.port;
    ports.plain = plain.port;
  });

  after(async function () {
    await Promise.all(servers.map((server) => server.close()));
  });

  async function audit(server: string, http: string, flags: string[] = [], trust = true) {
    const file = writeOutputsFile(targetOutputs({ appUrl: `https://127.0.0.1:${ports[server]}` }));
    const args = ["security-audit", "--outputs", file, "--json", "--timeout", "3"];
    args.push("--http-url", `http://127.0.0.1:${ports[http]}/`, ...flags);
    const env = trust ? { RUNBOOK_CA_FILE: certificates.caFile } : {};
    const run = await runRunbook(args, { env });
    return { run, report: run.json<AuditReport>() };
  }

  it("passes a trusted cert for the host with a permanent redirect, exit 0", async function () {
    const { run, report } = await audit("valid", "redirecting");
    const tls = auditCheck(report, "tls certificate");

    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(report.status, "ok");
    assert.equal(tls.status, "ok");
    assert.match(String(tls.detail.protocol), /^TLSv1\.[23]$/);
    assert.ok(Number(tls.detail.daysLeft) >= 363, String(tls.detail.daysLeft));
    assert.equal(tls.detail.trusted, true);
    assert.equal(tls.detail.hostnameMatches, true);
    assert.deepEqual(auditCheck(report, "http redirect").detail, {
      httpStatus: 301,
      location: `https://127.0.0.1:${ports.valid}/`,
    });
    assert.equal(auditCheck(report, "image blue").status, "not-applicable");
  });

  it("reports the JSON shape the scheduled task reads", async function () {
    const { report } = await audit("valid", "redirecting");

    assert.deepEqual(Object.keys(report).sort(), [
      "checks",
      "command",
      "exitCode",
      "from",
      "stack",
      "status",
      "thresholds",
      "timeoutMs",
      "totalMs",
    ]);
    assert.equal(report.command, "security-audit");
    assert.deepEqual(
      report.checks.map((c) => c.name),
      ["tls certificate", "http redirect", "image blue", "image green", "denied requests"],
    );
    for (const check of report.checks) {
      assert.deepEqual(Object.keys(check).sort(), [
        "detail",
        "durationMs",
        "name",
        "status",
        "summary",
        "target",
      ]);
    }
    assert.deepEqual(report.thresholds, {
      certificate: { failDays: 7, warnDays: 30 },
      deniedRequests: { days: 7, threshold: 1000 },
    });
  });

  it("fails a certificate that expires in 3 days, exit 1", async function () {
    const { run, report } = await audit("expiring", "redirecting");
    const tls = auditCheck(report, "tls certificate");

    assert.equal(run.exitCode, 1);
    assert.equal(tls.status, "fail");
    assert.ok(Number(tls.detail.daysLeft) <= 3);
    assert.match(tls.summary, /^certificate expires in [23] days \(\d{4}-\d\d-\d\d\), under 7$/);
  });

  it("warns under the warning threshold; --strict makes a warning exit 1", async function () {
    const lenient = await audit("valid", "redirecting", ["--cert-warn-days", "400"]);
    const strict = await audit("valid", "redirecting", ["--cert-warn-days", "400", "--strict"]);

    assert.equal(auditCheck(lenient.report, "tls certificate").status, "warn");
    assert.equal(lenient.report.status, "warn");
    assert.equal(lenient.run.exitCode, 0);
    assert.equal(strict.run.exitCode, 1);
  });

  it("fails a certificate for another host name", async function () {
    const { run, report } = await audit("wrongHost", "redirecting");
    const tls = auditCheck(report, "tls certificate");

    assert.equal(run.exitCode, 1);
    assert.equal(tls.summary, "certificate does not match 127.0.0.1");
    assert.equal(tls.detail.trusted, true);
    assert.equal(tls.detail.hostnameMatches, false);
  });

  it("fails a self-signed certificate with the verification error", async function () {
    const { run, report } = await audit("selfSigned", "redirecting");

    assert.equal(run.exitCode, 1);
    assert.equal(
      auditCheck(report, "tls certificate").summary,
      "certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT",
    );
  });

  it("does not trust the test CA unless RUNBOOK_CA_FILE names it", async function () {
    const { run, report } = await audit("valid", "redirecting", [], false);
    const tls = auditCheck(report, "tls certificate");

    assert.equal(run.exitCode, 1);
    assert.match(tls.summary, /^certificate not trusted: [A-Z_]+$/);
    assert.equal(tls.detail.trusted, false);
  });

  it("fails plain HTTP answering without a redirect; warns on a temporary one", async function () {
    const plain = await audit("valid", "plain");
    const temporary = await audit("valid", "temporary");

    assert.equal(plain.run.exitCode, 1);
    assert.equal(
      auditCheck(plain.report, "http redirect").summary,
      "answers 200 over plain HTTP instead of redirecting to HTTPS",
    );
    assert.equal(auditCheck(temporary.report, "http redirect").status, "warn");
    assert.equal(temporary.run.exitCode, 0);
  });

  it("bounds a TLS server that never answers by --timeout, beside other checks", async function () {
    const silent = await startSilentServer();
    const file = writeOutputsFile(targetOutputs({ appUrl: `https://127.0.0.1:${silent.port}` }));
    const started = performance.now();
    const run = await runRunbook(
      ["security-audit", "--outputs", file, "--json", "--timeout", "1"].concat(
        "--http-url",
        `http://127.0.0.1:${ports.redirecting}/`,
      ),
    );
    const elapsed = performance.now() - started;
    await silent.close();
    const report = run.json<AuditReport>();
    const tls = auditCheck(report, "tls certificate");

    assert.equal(run.exitCode, 1);
    assert.equal(tls.status, "fail");
    assert.match(tls.summary, /did not answer within 1000 ms$/);
    assert.equal(auditCheck(report, "http redirect").status, "ok");
    assert.ok(elapsed < 2500, `took ${elapsed} ms`);
  });

  it("refuses warn threshold below fail threshold, a missing CA file, exit 2", async function () {
    const file = writeOutputsFile(targetOutputs({ appUrl: `https://127.0.0.1:${ports.valid}` }));
    const inverted = await runRunbook([
      "security-audit",
      "--outputs",
      file,
      "--cert-warn-days",
      "3",
    ]);
    const missingCa = await runRunbook(["security-audit", "--outputs", file], {
      env: { RUNBOOK_CA_FILE: "/nonexistent/ca.pem" },
    });

    assert.equal(inverted.exitCode, 2);
    assert.match(inverted.stderr, /--cert-warn-days 3 is below --cert-fail-days 7/);
    assert.equal(missingCa.exitCode, 2);
    assert.match(
      missingCa.stderr,
      /^runbook: RUNBOOK_CA_FILE=\/nonexistent\/ca\.pem cannot be read/,
    );
  });
});
