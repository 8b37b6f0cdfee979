import { messageOf } from "./errors";
import { withTimeout } from "./timeout";

export type ProbeStatus = "ok" | "failed";

/** Facts a probe reports, flat so they fit a table cell and a JSON object alike. */
export type ProbeDetail = Record<string, string | number | boolean | null>;

export interface ProbeOutcome {
  readonly ok: boolean;
  readonly detail: ProbeDetail;
  /** Why the probe failed, when it answered but the answer was bad. */
  readonly problem?: string;
}

export interface ProbeResult {
  readonly name: string;
  /** What was probed: a URL or host:port. */
  readonly endpoint: string;
  readonly status: ProbeStatus;
  readonly durationMs: number;
  readonly detail: ProbeDetail;
  readonly error?: string;
}

export interface Probe {
  readonly name: string;
  readonly endpoint: string;
  run(): Promise<ProbeOutcome>;
}

/** Runs one probe within the time limit; never throws, a failure is a result. */
export async function runProbe(probe: Probe, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  const base = { name: probe.name, endpoint: probe.endpoint };
  try {
    const outcome = await withTimeout(`${probe.name} (${probe.endpoint})`, timeoutMs, probe.run());
    const durationMs = Math.round(performance.now() - started);
    const status: ProbeStatus = outcome.ok ? "ok" : "failed";
    const error = outcome.problem === undefined ? {} : { error: outcome.problem };
    return { ...base, status, durationMs, detail: outcome.detail, ...error };
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    return { ...base, status: "failed", durationMs, detail: {}, error: messageOf(error) };
  }
}

/** Runs all probes at once; the whole costs about the slowest one, bounded by the limit. */
export function runProbes(probes: readonly Probe[], timeoutMs: number): Promise<ProbeResult[]> {
  return Promise.all(probes.map((probe) => runProbe(probe, timeoutMs)));
}
