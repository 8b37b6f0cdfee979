import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  ResultField,
  StartQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { messageOf } from "../core/errors";

/**
 * Where the queries find a request's HTTP status and client address in an app log line. Two
 * shapes are read: JSON lines (`"statusCode": 401` or `"status": 401`, and the client under
 * `clientIp`, `ip`, `remoteAddress` or `x-forwarded-for`, as pino-http and most JSON request
 * loggers write them) and the common/combined access log format (`1.2.3.4 - - [date] "GET /
 * HTTP/1.1" 401 ...`). Both are parsed with regular expressions so the status is always text.
 */
const requestFields = [
  String.raw`parse @message /"(?:statusCode|status)"\s*:\s*"?(?<jsonStatus>[1-5]\d\d)\b/`,
  String.raw`parse @message /"(?:clientIp|ip|remoteAddress|x-forwarded-for)"` +
    String.raw`\s*:\s*"(?<jsonClient>[^",\s]+)/`,
  String.raw`parse @message /^(?<clfClient>\S+) \S+ \S+ \[[^\]]+\] ` +
    String.raw`"[^"]*" (?<clfStatus>[1-5]\d\d) /`,
  "fields coalesce(jsonStatus, clfStatus) as httpStatus, coalesce(jsonClient, clfClient) as client",
];

/**
 * Logs Insights query: requests per HTTP status over the window. Every status is counted, not
 * only 401 and 403, so the audit can tell "no denied requests" from "no request lines at all".
 */
export const requestsByStatusQuery = [
  ...requestFields,
  "filter ispresent(httpStatus)",
  "stats count(*) as requests by httpStatus",
].join("\n| ");

/** Logs Insights query: the 5 client addresses with the most 401 and 403 answers. */
export const topDeniedClientsQuery = [
  ...requestFields,
  'filter httpStatus in ["401", "403"] and ispresent(client)',
  "stats count(*) as requests by client",
  "sort requests desc",
  "limit 5",
].join("\n| ");

export interface DeniedRequestSummary {
  /** Log lines that carry an HTTP status, whatever it is. */
  readonly requestsSeen: number;
  /** 401 answers. */
  readonly unauthorized: number;
  /** 403 answers. */
  readonly forbidden: number;
  /** Client addresses with the most 401/403 answers, most first (empty if lines carry none). */
  readonly topClients: readonly { readonly client: string; readonly requests: number }[];
}

/** Counts denied requests in a log group. The real one is Logs Insights; tests use a fake. */
export interface DeniedRequestReader {
  deniedRequests(
    logGroupName: string,
    start: Date,
    end: Date,
    signal?: AbortSignal,
  ): Promise<DeniedRequestSummary>;
}

type Row = Record<string, string>;

export class LogsInsightsReader implements DeniedRequestReader {
  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly region: string,
    private readonly pollMs = 1000,
  ) {}

  static forRegion(region: string): LogsInsightsReader {
    return new LogsInsightsReader(new CloudWatchLogsClient({ region }), region);
  }

  async deniedRequests(logGroupName: string, start: Date, end: Date, signal?: AbortSignal) {
    const [statusRows, clientRows] = await Promise.all([
      this.query(logGroupName, requestsByStatusQuery, start, end, signal),
      this.query(logGroupName, topDeniedClientsQuery, start, end, signal),
    ]);
    return summariseDenied(statusRows, clientRows);
  }

  private async query(
    logGroupName: string,
    queryString: string,
    start: Date,
    end: Date,
    signal?: AbortSignal,
  ): Promise<Row[]> {
    const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
    const started = await this.send("logs:StartQuery", logGroupName, () =>
      this.client.send(
        new StartQueryCommand({
          logGroupName,
          queryString,
          startTime: seconds(start),
          endTime: seconds(end),
        }),
        { abortSignal: signal },
      ),
    );
    const queryId = started.queryId ?? "";
    for (;;) {
      const results = await this.send("logs:GetQueryResults", logGroupName, () =>
        this.client.send(new GetQueryResultsCommand({ queryId }), { abortSignal: signal }),
      );
      const status = results.status ?? "Unknown";
      if (status === "Complete") return (results.results ?? []).map(toRow);
      if (!["Scheduled", "Running"].includes(status)) {
        throw new Error(`Logs Insights query ${queryId} on ${logGroupName} ended ${status}`);
      }
      // A query left running when the audit gives up ends on its own (logs:StopQuery is not
      // granted to the ops role); polling stops here.
      if (signal?.aborted) throw new Error(`Logs Insights query ${queryId} abandoned`);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  private async send<T>(action: string, logGroupName: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new Error(explainLogsError(error, action, logGroupName, this.region), {
        cause: error,
      });
    }
  }
}

/** One line naming the refused permission, the missing log group, or the endpoint. */
export function explainLogsError(
  error: unknown,
  action: string,
  logGroupName: string,
  region: string,
): string {
  const name = error instanceof Error ? error.name : "Error";
  if (name === "AccessDeniedException" || name === "UnrecognizedClientException") {
    return `${action} denied on log group ${logGroupName} (${name}); grant it to the audit's role`;
  }
  if (name === "ResourceNotFoundException") {
    return `log group ${logGroupName} not found in ${region}; check appLogGroupName in the outputs`;
  }
  return (
    `CloudWatch Logs endpoint logs.${region}.amazonaws.com (${action}): ${name}: ` +
    `${messageOf(error)}; check AWS credentials and network access`
  );
}

function toRow(fields: ResultField[]): Row {
  const row: Row = {};
  for (const { field, value } of fields) {
    if (field !== undefined && value !== undefined) row[field] = value;
  }
  return row;
}

/** The summary from the rows of the two queries. */
export function summariseDenied(statusRows: readonly Row[], clientRows: readonly Row[]) {
  const count = (row: Row) => Number(row.requests ?? 0);
  const byStatus = (status: string) =>
    statusRows.filter((row) => row.httpStatus === status).reduce((sum, r) => sum + count(r), 0);
  const summary: DeniedRequestSummary = {
    requestsSeen: statusRows.reduce((sum, row) => sum + count(row), 0),
    unauthorized: byStatus("401"),
    forbidden: byStatus("403"),
    topClients: clientRows
      .filter((row) => row.client !== undefined && row.client !== "")
      .map((row) => ({ client: row.client, requests: count(row) }))
      .sort((a, b) => b.requests - a.requests)
      .slice(0, 5),
  };
  return summary;
}
