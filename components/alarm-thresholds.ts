/**
 * Threshold arithmetic for the alarms: absolute values from the percentages in the settings and
 * the sizes of the instances they watch. Pure functions, tested on their own.
 */

const gib = 1024 ** 3;

/** Memory (GiB) of the `large` size of each RDS family kind; each size step doubles it. */
const largeMemoryGiB: Readonly<Record<string, number>> = {
  // Burstable: t3, t4g (micro 1, small 2, medium 4, large 8, xlarge 16, 2xlarge 32).
  t: 8,
  // General purpose: m5, m6g, m6i, m7g (large 8 ... 24xlarge 384).
  m: 8,
  // Memory optimised: r5, r6g, r6i, r7g (large 16 ... 24xlarge 768).
  r: 16,
};

/** Size -> multiple of the `large` size's memory. */
const sizeFactor: Readonly<Record<string, number>> = {
  micro: 1 / 8,
  small: 1 / 4,
  medium: 1 / 2,
  large: 1,
  xlarge: 2,
  "2xlarge": 4,
  "4xlarge": 8,
  "8xlarge": 16,
  "12xlarge": 24,
  "16xlarge": 32,
  "24xlarge": 48,
};

const families = /^db\.(t3|t4g|m5|m6g|m6gd|m6i|m7g|r5|r6g|r6gd|r6i|r7g)\.([a-z0-9]+)$/;

/**
 * Memory of an RDS instance class in GiB, from AWS's instance class tables, or `undefined` for
 * a class this table does not know (then `alarms.rdsMaxConnections` must be set).
 */
export function rdsInstanceMemoryGiB(instanceClass: string): number | undefined {
  const match = families.exec(instanceClass);
  if (!match) return undefined;
  const [, family, size] = match;
  const factor = sizeFactor[size];
  if (factor === undefined) return undefined;
  if (family.startsWith("t") && factor > 4) return undefined;
  if (!family.startsWith("t") && factor < 1) return undefined;
  return largeMemoryGiB[family[0]] * factor;
}

/**
 * RDS for PostgreSQL's default max_connections: LEAST({DBInstanceClassMemory/9531392}, 5000).
 * DBInstanceClassMemory is a little under the class's nominal memory (RDS reserves some for
 * the OS), so this is an upper bound, which keeps a percentage-of-limit alarm conservative.
 */
export function rdsDefaultMaxConnections(memoryGiB: number): number {
  return Math.min(Math.floor((memoryGiB * gib) / 9531392), 5000);
}

/** The connection count at which the connections alarm fires. */
export function rdsConnectionsThreshold(maxConnections: number, percent: number): number {
  return Math.floor((maxConnections * percent) / 100);
}

/** Bytes of free storage under which the storage alarm fires. */
export function rdsFreeStorageThresholdBytes(allocatedGb: number, percent: number): number {
  return Math.floor((allocatedGb * gib * percent) / 100);
}

/** Bytes of freeable memory under which the memory alarm fires. */
export function rdsFreeableMemoryThresholdBytes(memoryGiB: number, percent: number): number {
  return Math.floor((memoryGiB * gib * percent) / 100);
}

/** ElastiCache member cluster ids of a replication group (cluster mode off): `<id>-001` ... */
export function cacheMemberIds(replicationGroupId: string, nodes: number): string[] {
  return Array.from(
    { length: nodes },
    (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`,
  );
}
