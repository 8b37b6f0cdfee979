import { Command, Option } from "commander";
import { CommandContext, CommandResult, CommandSpec } from "../core/command";
import { AuditResult, runAuditChecks, worstStatus } from "../core/audit-check";
import { BadInputError, messageOf } from "../core/errors";
import { ExitCode } from "../core/exit-codes";
import { positiveCount, positiveDays } from "../core/options";
import { renderSection, renderTable } from "../core/table";
import { caFileEnvVar, extraCaFromEnv } from "../adapters/tls-certificate";
import { deniedRequestsCheck, imageChecks, redirectCheck, tlsCheck } from "./security-audit-checks";

/** Fail when the certificate expires in fewer days than this (renewal has clearly failed). */
export const defaultCertFailDays = 7;
/** Warn when the certificate expires in fewer days than this (ACM renews 60 days ahead). */
export const defaultCertWarnDays = 30;
/** Days of app logs searched for 401 and 403 answers (the manual's 7 days). */
export const defaultDeniedDays = 7;
/** Warn when the window holds more 401 and 403 answers than this. */
export const defaultDeniedThreshold = 1000;

interface SecurityAuditOptions {
  certFailDays: number;
  certWarnDays: number;
  httpUrl?: string;
  deniedDays: number;
  deniedThreshold: number;
  strict: boolean;
}

export const securityAuditCommand: CommandSpec = {
  name: "security-audit",
  summary: "quarterly security audit: TLS certificate, HTTP to HTTPS, image scans, denied requests",
  examples: [
    "runbook security-audit --stack prod",
    "runbook security-audit --stack prod --json --timeout 60",
    "runbook security-audit --outputs local/outputs.json",
  ],

  configure(command: Command) {
    command
      .addOption(
        new Option("--cert-fail-days <days>", "fail when the certificate expires sooner")
          .argParser(positiveDays)
          .default(defaultCertFailDays),
      )
      .addOption(
        new Option("--cert-warn-days <days>", "warn when the certificate expires sooner")
          .argParser(positiveDays)
          .default(defaultCertWarnDays),
      )
      .addOption(
        new Option(
          "--http-url <url>",
          "plain HTTP URL that must redirect (default http://<host>/)",
        ),
      )
      .addOption(
        new Option("--denied-days <days>", "days of app logs to count 401 and 403 answers in")
          .argParser(positiveDays)
          .default(defaultDeniedDays),
      )
      .addOption(
        new Option("--denied-threshold <count>", "warn above this many 401 and 403 answers")
          .argParser(positiveCount)
          .default(defaultDeniedThreshold),
      )
      .option("--strict", "exit 1 on warnings too, not only on failures", false)
      .addHelpText(
        "after",
        `\nTrust: Node's bundled CAs, plus the PEM file in ${caFileEnvVar} if set.\n` +
          "Checks that cannot apply to the target (the local one) report not-applicable.",
      );
  },

  async run(context: CommandContext, options: Record<string, unknown>): Promise<CommandResult> {
    const settings = options as unknown as SecurityAuditOptions;
    const outputs = context.target.outputs;
    if (settings.certWarnDays < settings.certFailDays) {
      throw new BadInputError(
        `--cert-warn-days ${settings.certWarnDays} is below --cert-fail-days ` +
          `${settings.certFailDays}; the warning must come first`,
      );
    }
    if (settings.httpUrl !== undefined && !/^http:\/\/[^/]/.test(settings.httpUrl)) {
      throw new BadInputError(`--http-url ${settings.httpUrl} is not an http:// URL`);
    }
    let extraCa: string | undefined;
    try {
      extraCa = extraCaFromEnv(context.env);
    } catch (error) {
      throw new BadInputError(messageOf(error));
    }

    const thresholds = { failDays: settings.certFailDays, warnDays: settings.certWarnDays };
    const denied = { days: settings.deniedDays, threshold: settings.deniedThreshold };
    const checks = [
      tlsCheck(outputs, thresholds, extraCa, context.now),
      redirectCheck(outputs, settings.httpUrl),
      ...imageChecks(outputs, context.imageScans),
      deniedRequestsCheck(outputs, context.deniedRequests, { ...denied, now: context.now }),
    ];
    const started = performance.now();
    const results = await runAuditChecks(checks, context.timeoutMs);
    const totalMs = Math.round(performance.now() - started);

    for (const result of results) {
      const fields = { check: result.name, status: result.status, durationMs: result.durationMs };
      if (result.status === "fail" || result.status === "warn") {
        context.logger.warn({ ...fields, summary: result.summary }, "audit finding");
      } else context.logger.debug(fields, "audit check done");
    }
    const status = worstStatus(results);
    const failed = status === "fail" || (settings.strict && status === "warn");
    return {
      exitCode: failed ? ExitCode.checkFailed : ExitCode.ok,
      report: {
        status,
        totalMs,
        timeoutMs: context.timeoutMs,
        thresholds: { certificate: thresholds, deniedRequests: denied },
        checks: results,
      },
      human: renderAudit(results, status, totalMs),
    };
  },
};

const statusLabel = { ok: "OK", warn: "WARN", fail: "FAIL", "not-applicable": "N/A" } as const;

function renderAudit(results: readonly AuditResult[], status: string, totalMs: number): string {
  const rows = results.map((result) => [
    result.name,
    statusLabel[result.status],
    `${result.durationMs} ms`,
    result.target,
    result.summary,
  ]);
  const table = renderTable(["CHECK", "STATUS", "TIME", "TARGET", "SUMMARY"], rows);
  const sections = [table];
  const clients = results.find((result) => result.name === "denied requests")?.detail.topClients;
  if (Array.isArray(clients) && clients.length > 0) {
    const clientRows = clients.map((row) => [String(row.client), String(row.requests)]);
    sections.push(renderSection("Top clients with 401/403:", ["CLIENT", "REQUESTS"], clientRows));
  }
  const verdict = { ok: "passed", warn: "passed with WARNINGS", fail: "FAILED" }[status];
  sections.push(`security audit ${verdict} (${results.length} checks in ${totalMs} ms)`);
  return sections.join("\n\n");
}
