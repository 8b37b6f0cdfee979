import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";

/** One CloudWatch metric to summarise over a window. */
export interface MetricRequest {
  /** Short id, unique in one request: letters, digits and `_`, starting lower-case. */
  readonly id: string;
  /** What people call it in the report, e.g. "RDS CPU %". */
  readonly label: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** CloudWatch statistic: Average, Maximum, Sum. */
  readonly stat: "Average" | "Maximum" | "Sum";
}

export interface MetricSummary {
  readonly id: string;
  readonly label: string;
  readonly stat: string;
  /** Number of datapoints found in the window. */
  readonly datapoints: number;
  /** Average of the datapoints (for Sum: the total), or null without datapoints. */
  readonly value: number | null;
  /** Highest datapoint, or null. */
  readonly peak: number | null;
}

/** Reads metric summaries. The real one is CloudWatch; tests mock the SDK or fake this. */
export interface CloudWatchMetricsReader {
  summarise(requests: readonly MetricRequest[], start: Date, end: Date): Promise<MetricSummary[]>;
}

export class CloudWatchReader implements CloudWatchMetricsReader {
  constructor(private readonly client: CloudWatchClient) {}

  static forRegion(region: string): CloudWatchReader {
    return new CloudWatchReader(new CloudWatchClient({ region }));
  }

  async summarise(
    requests: readonly MetricRequest[],
    start: Date,
    end: Date,
  ): Promise<MetricSummary[]> {
    const queries: MetricDataQuery[] = requests.map((request) => ({
      Id: request.id,
      Label: request.label,
      MetricStat: {
        Metric: {
          Namespace: request.namespace,
          MetricName: request.metricName,
          Dimensions: Object.entries(request.dimensions).map(([Name, Value]) => ({ Name, Value })),
        },
        Period: 86400,
        Stat: request.stat,
      },
    }));
    const response = await this.client.send(
      new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end }),
    );
    const results = response.MetricDataResults ?? [];
    return requests.map((request) => {
      const values = results.find((result) => result.Id === request.id)?.Values ?? [];
      return summariseValues(request, values);
    });
  }
}

/** Average (or total for Sum) and peak of daily datapoints. */
export function summariseValues(request: MetricRequest, values: readonly number[]): MetricSummary {
  const base = { id: request.id, label: request.label, stat: request.stat };
  if (values.length === 0) return { ...base, datapoints: 0, value: null, peak: null };
  const total = values.reduce((sum, value) => sum + value, 0);
  const value = request.stat === "Sum" ? total : total / values.length;
  return { ...base, datapoints: values.length, value, peak: Math.max(...values) };
}
