import { messageOf } from "./errors";
import { withTimeout } from "./timeout";

/**
 * How an audit check came out: `ok`, `warn` (a finding to look at), `fail` (a finding to fix, or
 * the check could not be made), or `not-applicable` (the target has nothing to check, with why).
 */
export type AuditStatus = "ok" | "warn" | "fail" | "not-applicable";

/** Facts a check reports: flat values, or a short list of flat rows (e.g. top clients). */
export type AuditDetail = Record<
  string,
  string | number | boolean | null | readonly Readonly<Record<string, string | number>>[]
>;

export interface AuditOutcome {
  readonly status: AuditStatus;
  /** One line for people: what was found, or why the check failed or does not apply. */
  readonly summary: string;
  readonly detail: AuditDetail;
}

export interface AuditCheck {
  readonly name: string;
  /** What is checked: a URL, host:port, image reference or log group. */
  readonly target: string;
  /** Runs the check; `signal` aborts when the time limit passes, to release sockets and polls. */
  run(signal: AbortSignal): Promise<AuditOutcome>;
}

export interface AuditResult extends AuditOutcome {
  readonly name: string;
  readonly target: string;
  readonly durationMs: number;
}

/** Runs one check within the time limit; never throws: a thrown error is a failed check. */
export async function runAuditCheck(check: AuditCheck, timeoutMs: number): Promise<AuditResult> {
  const started = performance.now();
  const controller = new AbortController();
  const base = { name: check.name, target: check.target };
  let outcome: AuditOutcome;
  try {
    const what = `${check.name} (${check.target})`;
    outcome = await withTimeout(what, timeoutMs, check.run(controller.signal), () =>
      controller.abort(),
    );
  } catch (error) {
    outcome = { status: "fail", summary: messageOf(error), detail: {} };
  }
  return { ...base, ...outcome, durationMs: Math.round(performance.now() - started) };
}

/** Runs every check at once; the whole costs about the slowest one, bounded by the limit. */
export function runAuditChecks(
  checks: readonly AuditCheck[],
  timeoutMs: number,
): Promise<AuditResult[]> {
  return Promise.all(checks.map((check) => runAuditCheck(check, timeoutMs)));
}

/** The worst status of a set: fail over warn over ok; not-applicable counts as ok. */
export function worstStatus(results: readonly { status: AuditStatus }[]): "ok" | "warn" | "fail" {
  if (results.some((result) => result.status === "fail")) return "fail";
  if (results.some((result) => result.status === "warn")) return "warn";
  return "ok";
}

/** A check that does not apply to this target, with the reason. */
export function notApplicable(reason: string, detail: AuditDetail = {}): AuditOutcome {
  return { status: "not-applicable", summary: reason, detail };
}
