import { rm } from "node:fs/promises";
import { Client } from "pg";
import { startLocalS3, LocalS3 } from "../../../local/s3";
import { MetricDatum, MetricsPublisher } from "../../../scripts/adapters/metrics-publisher";
import { StackOutputs } from "../../../stacks/outputs";
import { targetOutputs } from "./fixtures";

/** Rows each varied table gets, by qualified name as the report prints it. */
export const expectedRows: Readonly<Record<string, number>> = {
  "audit.events": 1234,
  "public.Mixed Case": 7,
  "public.customers": 2500,
  "public.empty": 0,
  "public.orders": 4000,
};

/** Fills a fresh database with tables of varied shape and data (other schema, quoted name). */
export async function fillVariedData(client: Client): Promise<void> {
  await client.query(`
    CREATE TABLE customers (id int PRIMARY KEY, name text, score numeric, meta jsonb);
    INSERT INTO customers
      SELECT g, md5(random()::text), random() * 1000, jsonb_build_object('n', g, 'r', random())
        FROM generate_series(1, 2500) g;
    CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers,
                         placed timestamptz, note text);
    INSERT INTO orders (customer, placed, note)
      SELECT 1 + (g % 2500), now() - g * interval '1 minute', repeat(md5(g::text), 1 + g % 5)
        FROM generate_series(1, 4000) g;
    CREATE TABLE empty (id int);
    CREATE SCHEMA audit;
    CREATE TABLE audit.events (at timestamptz DEFAULT now(), payload bytea);
    INSERT INTO audit.events (payload)
      SELECT decode(md5(g::text || random()::text), 'hex') FROM generate_series(1, 1234) g;
    CREATE TABLE "Mixed Case" ("Value" text);
    INSERT INTO "Mixed Case" SELECT 'v' || g FROM generate_series(1, 7) g;
  `);
}

/** The local outputs pointed at a test database and bucket. */
export function backupTarget(database: string, bucket: string): StackOutputs {
  const base = targetOutputs({ database: { name: database } });
  return { ...base, backup: { bucket, dumpPrefix: "dumps/" } };
}

/** Records every datum instead of calling CloudWatch. */
export class FakeMetricsPublisher implements MetricsPublisher {
  readonly published: MetricDatum[] = [];
  async publish(datum: MetricDatum): Promise<void> {
    this.published.push(datum);
  }
}

/** s3rver on a free port; closing it also removes its data folder. */
export async function startTestS3(buckets: readonly string[]): Promise<LocalS3> {
  const s3 = await startLocalS3({ port: 0, buckets });
  return {
    ...s3,
    close: async () => {
      await s3.close();
      await rm(s3.directory, { recursive: true, force: true });
    },
  };
}
