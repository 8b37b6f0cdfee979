import parsePrometheusTextFormat from "parse-prometheus-text-format";

/** One series of the scrape: a name, its labels and its value. */
export interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Parses Prometheus text into flat series (`x_bucket{le=...}`, `x_sum`, `x_count` as their own
 * names). The library merges a histogram's label sets into one and drops their sums and counts,
 * so histogram TYPE lines are removed first: it then keeps every sample with its labels.
 */
export function parseSeries(text: string): Series[] {
  const withoutHistogramTypes = text
    .split("\n")
    .filter((line) => !/^#\s*TYPE\s+\S+\s+histogram\s*$/.test(line))
    .join("\n");
  const families = parsePrometheusTextFormat(`${withoutHistogramTypes}\n`);
  const series: Series[] = [];
  for (const family of families) {
    for (const sample of family.metrics) {
      if (sample.value === undefined) continue;
      series.push({ name: family.name, labels: sample.labels ?? {}, value: Number(sample.value) });
    }
  }
  return series;
}

/** Sum of every series of a name whose labels pass `filter`. */
export function total(
  series: readonly Series[],
  name: string,
  filter: (labels: Readonly<Record<string, string>>) => boolean = () => true,
): number | null {
  const matching = series.filter((item) => item.name === name && filter(item.labels));
  return matching.length === 0 ? null : matching.reduce((sum, item) => sum + item.value, 0);
}

/**
 * Estimated quantile (0..1) of a histogram from its cumulative buckets, summed over all label
 * sets, interpolating inside the bucket as Prometheus' histogram_quantile does.
 */
export function histogramQuantile(
  series: readonly Series[],
  histogram: string,
  quantile: number,
): number | null {
  const buckets = new Map<number, number>();
  for (const item of series) {
    if (item.name !== `${histogram}_bucket` || item.labels.le === undefined) continue;
    const bound = item.labels.le === "+Inf" ? Infinity : Number(item.labels.le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + item.value);
  }
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const count = buckets.get(Infinity);
  if (bounds.length === 0 || count === undefined || count === 0) return null;

  const rank = quantile * count;
  let previousBound = 0;
  let previousCount = 0;
  for (const bound of bounds) {
    const cumulative = buckets.get(bound) ?? 0;
    if (cumulative >= rank) {
      if (bound === Infinity) return previousBound;
      const inBucket = cumulative - previousCount;
      const share = inBucket === 0 ? 0 : (rank - previousCount) / inBucket;
      return previousBound + (bound - previousBound) * share;
    }
    previousBound = bound;
    previousCount = cumulative;
  }
  return previousBound;
}
