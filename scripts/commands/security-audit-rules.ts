import { AuditOutcome } from "../core/audit-check";
import { FirstAnswer } from "../adapters/plain-http";
import { TlsInspection } from "../adapters/tls-certificate";
import { ScanFindings } from "../adapters/ecr-scan";
import { DeniedRequestSummary } from "../adapters/logs-insights";

/** The verdicts of the security audit: plain functions of what each check found. */

export interface CertificateThresholds {
  /** Fail when the certificate expires in fewer days than this. */
  readonly failDays: number;
  /** Warn when the certificate expires in fewer days than this. */
  readonly warnDays: number;
}

/** Protocols a server must not negotiate: anything below TLSv1.2. */
export const weakProtocols: readonly string[] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"];

const dayMs = 86_400_000;

/** Whole days from `now` until `date`; negative once it has passed. */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / dayMs);
}

/** Verdict on a TLS handshake: trust, host name, expiry and protocol. */
export function judgeTls(
  host: string,
  tls: TlsInspection,
  now: Date,
  thresholds: CertificateThresholds,
): AuditOutcome {
  const daysLeft = daysUntil(tls.validTo, now);
  const expires = tls.validTo.toISOString().slice(0, 10);
  const failures: string[] = [];
  if (tls.chainError !== null) failures.push(`certificate not trusted: ${tls.chainError}`);
  if (tls.hostnameError !== null) failures.push(`certificate does not match ${host}`);
  if (tls.validTo.getTime() <= now.getTime()) failures.push(`certificate expired on ${expires}`);
  else if (daysLeft < thresholds.failDays) {
    failures.push(
      `certificate expires in ${daysLeft} days (${expires}), under ${thresholds.failDays}`,
    );
  }
  if (tls.protocol === null || weakProtocols.includes(tls.protocol)) {
    failures.push(`negotiated ${tls.protocol ?? "no protocol"}, below TLSv1.2`);
  }
  const warning =
    failures.length === 0 && daysLeft < thresholds.warnDays
      ? `certificate expires in ${daysLeft} days (${expires}), under ${thresholds.warnDays}`
      : undefined;

  const detail = {
    protocol: tls.protocol,
    daysLeft,
    validTo: tls.validTo.toISOString(),
    trusted: tls.chainError === null,
    hostnameMatches: tls.hostnameError === null,
    subject: tls.subject,
    issuer: tls.issuer,
    subjectAltName: tls.subjectAltName,
  };
  if (failures.length > 0) return { status: "fail", summary: failures.join("; "), detail };
  if (warning !== undefined) return { status: "warn", summary: warning, detail };
  return {
    status: "ok",
    summary: `${tls.protocol}, trusted, matches ${host}, expires in ${daysLeft} days (${expires})`,
    detail,
  };
}

/** Verdict on plain HTTP's first answer: a permanent redirect to HTTPS. */
export function judgeRedirect(answer: FirstAnswer): AuditOutcome {
  const { status, location } = answer;
  const detail = { httpStatus: status, location };
  const toHttps = location !== null && location.startsWith("https://");
  const redirect = status >= 300 && status < 400;
  if (redirect && toHttps && [301, 308].includes(status)) {
    return { status: "ok", summary: `${status} to ${location}`, detail };
  }
  if (redirect && toHttps) {
    const summary = `${status} to ${location} is temporary; a 301 or 308 lets clients remember`;
    return { status: "warn", summary, detail };
  }
  if (redirect) {
    return { status: "fail", summary: `${status} to ${location ?? "nowhere"}, not HTTPS`, detail };
  }
  const summary = `answers ${status} over plain HTTP instead of redirecting to HTTPS`;
  return { status: "fail", summary, detail };
}

/** Severities ECR reports, most severe first. */
export const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED"];

/** Verdict on an image's scan: CRITICAL findings fail, HIGH ones warn. */
export function judgeFindings(findings: ScanFindings): AuditOutcome {
  const counts = Object.fromEntries(
    severities.map((severity) => [severity.toLowerCase(), findings.severityCounts[severity] ?? 0]),
  );
  const detail = {
    scanStatus: findings.scanStatus,
    completedAt: findings.completedAt?.toISOString() ?? null,
    ...counts,
  };
  const tally = severities
    .filter((severity) => (findings.severityCounts[severity] ?? 0) > 0)
    .map((severity) => `${findings.severityCounts[severity]} ${severity}`)
    .join(", ");
  const why = findings.statusDescription === null ? "" : `: ${findings.statusDescription}`;

  if (["IN_PROGRESS", "PENDING", "SCAN_ELIGIBILITY_EXPIRED"].includes(findings.scanStatus)) {
    return { status: "warn", summary: `scan ${findings.scanStatus}${why}`, detail };
  }
  if (!["COMPLETE", "ACTIVE"].includes(findings.scanStatus)) {
    return { status: "fail", summary: `scan ${findings.scanStatus}${why}`, detail };
  }
  if (counts.critical > 0) return { status: "fail", summary: tally, detail };
  if (counts.high > 0) return { status: "warn", summary: tally, detail };
  return { status: "ok", summary: tally === "" ? "no findings" : tally, detail };
}

/** Verdict on denied requests over the window: more than `threshold` 401s and 403s warns. */
export function judgeDenied(
  summary: DeniedRequestSummary,
  threshold: number,
  days: number,
): AuditOutcome {
  const denied = summary.unauthorized + summary.forbidden;
  const detail = {
    days,
    threshold,
    denied,
    unauthorized: summary.unauthorized,
    forbidden: summary.forbidden,
    requestsSeen: summary.requestsSeen,
    topClients: summary.topClients,
  };
  const counts = `${denied} denied (401: ${summary.unauthorized}, 403: ${summary.forbidden})`;
  if (summary.requestsSeen === 0) {
    const why =
      `no log line of the last ${days} days carries an HTTP status; ` +
      `denied requests are not visible`;
    return { status: "warn", summary: why, detail };
  }
  const seen = `of ${summary.requestsSeen} requests in ${days} days`;
  if (denied > threshold) {
    return { status: "warn", summary: `${counts} ${seen}, over ${threshold}`, detail };
  }
  return { status: "ok", summary: `${counts} ${seen}`, detail };
}
