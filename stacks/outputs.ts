import { z } from "zod";

/**
 * The stack outputs contract: everything `infra/index.ts` exports and everything the `runbook`
 * tool reads. Secrets are never part of it; only the ARNs of the Secrets Manager secrets that hold
 * them are.
 */

const colorSchema = z.enum(["blue", "green"]);

/** An http(s) URL without credentials in it: outputs are printed, logged and shared. */
const publicUrl = z.url({ protocol: /^https?$/ }).refine((text) => {
  const url = new URL(text);
  return url.username === "" && url.password === "";
}, "must not carry a user name or password (user:secret@host); secrets come from Secrets Manager");

/** One deployment colour: a name Pulumi gave to each resource of that colour. */
const perColor = <T extends z.ZodTypeAny>(value: T) => z.object({ blue: value, green: value });

export const stackOutputsSchema = z.object({
  /** Stack name, e.g. `prod`. */
  stack: z.string().min(1),
  /** Environment of the stack's settings: `staging` or `prod`. */
  environment: z.enum(["staging", "prod"]),
  /** AWS region the stack deploys to. */
  region: z.string().min(1),

  /** Public URL of the production listener (HTTPS). */
  appUrl: publicUrl,
  /** URL of the test listener, which always sends traffic to the idle colour. */
  testUrl: publicUrl,
  /** Colour that serves production traffic. */
  liveColor: colorSchema,
  /** Percentage of production traffic sent to the idle colour (0 outside a canary). */
  canaryPercent: z.number().int().min(0).max(100),
  /** Image reference each colour runs. */
  images: perColor(z.string()),

  /** ECS cluster name. */
  clusterName: z.string().min(1),
  /** ECS service name per colour. */
  serviceNames: perColor(z.string().min(1)),
  /** Target group ARN per colour. */
  targetGroupArns: perColor(z.string().min(1)),
  /** ARN of the application load balancer. */
  loadBalancerArn: z.string().min(1),
  /** ARN of the production (HTTPS) listener. */
  productionListenerArn: z.string().min(1),
  /** ARN of the test listener. */
  testListenerArn: z.string().min(1),
  /** CloudWatch log group the app writes to. */
  appLogGroupName: z.string().min(1),

  database: z.object({
    /** Host name of the RDS instance (no port). */
    host: z.string().min(1),
    port: z.number().int().positive(),
    /** Name of the application database. */
    name: z.string().min(1),
    /** Master user name. */
    username: z.string().min(1),
    /** RDS instance identifier. */
    instanceIdentifier: z.string().min(1),
    /** Secrets Manager ARN of the master credentials (JSON with `username` and `password`). */
    secretArn: z.string().min(1),
  }),

  redis: z.object({
    /** Primary endpoint host name. */
    host: z.string().min(1),
    port: z.number().int().positive(),
    /** Whether in-transit encryption is on: clients must connect with TLS. */
    tls: z.boolean(),
    /** Replication group id. */
    replicationGroupId: z.string().min(1),
    /** Secrets Manager ARN of the AUTH token (the secret string is the token itself). */
    authTokenSecretArn: z.string().min(1),
  }),

  backup: z.object({
    /** Name of the S3 bucket that holds the backups. */
    bucket: z.string().min(1),
    /** Key prefix of database dumps, without a leading `/`, ending in `/`. */
    dumpPrefix: z.string(),
  }),

  /** SNS topic that alarms notify. */
  alarmTopicArn: z.string().min(1),
  /** CloudWatch namespace of the custom metrics the runbook publishes (backup freshness). */
  metricsNamespace: z.string().min(1),
  /**
   * Task definition ARN of the operations (runbook) image. Every stack exports it; it is absent
   * only from the outputs a scheduled task receives, since a task definition cannot name itself.
   */
  opsTaskDefinitionArn: z.string().min(1).optional(),
});

/** What a stack exports, and what the runbook reads. */
export type StackOutputs = z.infer<typeof stackOutputsSchema>;
export type Color = z.infer<typeof colorSchema>;
export const colors: readonly Color[] = ["blue", "green"];

/** The idle colour for a given live colour. */
export function otherColor(color: Color): Color {
  return color === "blue" ? "green" : "blue";
}
