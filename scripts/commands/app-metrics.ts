import { appEndpoint, httpGet } from "../adapters/http";
import { histogramQuantile, parseSeries, total } from "../adapters/prometheus";
import { messageOf } from "../core/errors";

/** Metric names the app exposes (prom-client conventions). */
export interface AppMetricNames {
  /** Counter of requests, labelled with `status`. */
  readonly requests: string;
  /** Histogram of request durations in seconds. */
  readonly latency: string;
}

export const defaultAppMetricNames: AppMetricNames = {
  requests: "http_requests_total",
  latency: "http_request_duration_seconds",
};

export type AppMetricsReport =
  | {
      readonly status: "ok";
      readonly url: string;
      /** Seconds since the app process started (process_start_time_seconds). */
      readonly uptimeSeconds: number | null;
      readonly requests: number;
      readonly serverErrors: number;
      readonly errorRatio: number | null;
      /** Requests per second averaged since the process started. */
      readonly requestsPerSecond: number | null;
      readonly latencyMeanMs: number | null;
      readonly latencyP95Ms: number | null;
    }
  | { readonly status: "unavailable"; readonly url: string; readonly error: string };

/** Scrapes the app's /metrics and summarises request rate, errors and latency. */
export async function reviewAppMetrics(
  appUrl: string,
  names: AppMetricNames,
  timeoutMs: number,
  now: Date,
): Promise<AppMetricsReport> {
  const url = appEndpoint(appUrl, "/metrics");
  try {
    const response = await httpGet(url, timeoutMs);
    if (response.status !== 200) {
      return { status: "unavailable", url, error: `GET ${url} answered ${response.status}` };
    }
    return { status: "ok", url, ...summarise(response.body, names, now) };
  } catch (error) {
    return { status: "unavailable", url, error: messageOf(error) };
  }
}

function summarise(text: string, names: AppMetricNames, now: Date) {
  const series = parseSeries(text);
  const requests = total(series, names.requests);
  if (requests === null) {
    throw new Error(`/metrics has no ${names.requests}; pass --requests-metric with its name`);
  }
  const serverErrors = total(series, names.requests, (labels) =>
    /^5/.test(labels.status ?? labels.code ?? ""),
  );
  const started = total(series, "process_start_time_seconds");
  const uptimeSeconds = started === null ? null : Math.max(0, now.getTime() / 1000 - started);
  const latencySum = total(series, `${names.latency}_sum`);
  const latencyCount = total(series, `${names.latency}_count`);
  const p95 = histogramQuantile(series, names.latency, 0.95);
  return {
    uptimeSeconds: uptimeSeconds === null ? null : Math.round(uptimeSeconds),
    requests,
    serverErrors: serverErrors ?? 0,
    errorRatio: requests === 0 ? null : round((serverErrors ?? 0) / requests, 4),
    requestsPerSecond:
      uptimeSeconds === null || uptimeSeconds === 0 ? null : round(requests / uptimeSeconds, 3),
    latencyMeanMs:
      latencySum === null || latencyCount === null || latencyCount === 0
        ? null
        : round((latencySum / latencyCount) * 1000, 1),
    latencyP95Ms: p95 === null ? null : round(p95 * 1000, 1),
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
