import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * A stand-in for the AI Skills app: `/health`, `/health/detailed` and `/metrics` (prom-client),
 * in one of three modes, so the runbook can be tried and tested without the real app.
 */
export type AppMode = "healthy" | "failing" | "hung";
export const appModes: readonly AppMode[] = ["healthy", "failing", "hung"];

export interface StandInApp {
  readonly server: Server;
  readonly url: string;
  mode: AppMode;
  close(): Promise<void>;
}

export interface StandInOptions {
  readonly port: number;
  readonly host?: string;
  readonly mode: AppMode;
  /** Requests to record at start so `/metrics` has traffic to report; default 0. */
  readonly sampleRequests?: number;
}

export async function startStandInApp(options: StandInOptions): Promise<StandInApp> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests served",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration",
    labelNames: ["method", "route"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  recordSampleTraffic(requests, duration, options.sampleRequests ?? 0);

  const hungResponses = new Set<ServerResponse>();
  const app = { mode: options.mode } as { mode: AppMode };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const route = (request.url ?? "/").split("?")[0];
    if (route === "/metrics") {
      void registry.metrics().then((text) => {
        response.writeHead(200, { "content-type": registry.contentType }).end(text);
      });
      return;
    }
    if (app.mode === "hung") {
      hungResponses.add(response);
      return;
    }
    const healthy = app.mode === "healthy";
    const status = healthy ? "ok" : "error";
    const code = healthy ? 200 : 503;
    let body: object;
    if (route === "/health") body = { status };
    else if (route === "/health/detailed") {
      body = { status, database: { status }, redis: { status: "ok" }, uptimeSeconds: 1 };
    } else {
      response.writeHead(404).end();
      return;
    }
    requests.inc({ method: request.method ?? "GET", route, status: String(code) });
    response.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
  });

  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return Object.assign(app, {
    server,
    url: `http://${host}:${address.port}`,
    close: async () => {
      for (const response of hungResponses) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** Fixed, varied traffic so the metrics have a known rate and latency. */
function recordSampleTraffic(requests: Counter, duration: Histogram, count: number): void {
  const latencies = [0.02, 0.08, 0.2, 0.4, 0.9];
  for (let index = 0; index < count; index += 1) {
    const route = index % 3 === 0 ? "/api/skills" : "/api/users";
    const status = index % 10 === 0 ? "500" : "200";
    requests.inc({ method: "GET", route, status });
    duration.observe({ method: "GET", route }, latencies[index % latencies.length]);
  }
}
