import { z } from "zod";

/**
 * The app and traffic sections: how the app runs on ECS and how the load balancer splits
 * production traffic between the blue and green services. Field comments give the staging /
 * prod default (`stacks/defaults-app.ts`); cross-field rules live in `stacks/app-rules.ts`.
 */

/** Image of one colour: `build` (the image built from `app.build`) or a full reference. */
const imageSchema = z
  .string()
  .regex(
    /^(build|[a-z0-9][a-z0-9.-]*(:\d+)?\/[a-z0-9._/-]+(:[\w.-]{1,128}|@sha256:[a-f0-9]{64}))$/,
    "`build`, or an image reference with a registry and a tag or digest, " +
      "like 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ai-skills-app:1.4.2",
  )
  .nullable();

const buildSchema = z
  .object({
    /** Build context, relative to the project directory. No default. */
    context: z.string().min(1),
    /** Dockerfile, relative to the context. Default Dockerfile. */
    dockerfile: z.string().min(1).default("Dockerfile"),
    /** Image tag pushed to ECR; tags are immutable, so each build needs a new one. No default. */
    tag: z.string().regex(/^[\w][\w.-]{0,127}$/, "a Docker tag: letters, digits, _ . -"),
  })
  .strict();

export const appSchema = z
  .object({
    /** Build the app image from source, or null to deploy given references. Default null. */
    build: buildSchema.nullable(),
    /**
     * CPU platform the tasks run on, and that a built image targets; a given image must be built
     * for it. Default linux/arm64 (Graviton Fargate).
     */
    platform: z.enum(["linux/amd64", "linux/arm64"]),
    /** Image per colour: `build` or a reference. Default none: the stack file sets both. */
    images: z.object({ blue: imageSchema, green: imageSchema }).strict(),
    /** Fargate CPU units per task. Default 512 / 1024. */
    cpu: z.number().int(),
    /** Fargate memory per task, MiB. Default 1024 / 2048. */
    memoryMb: z.number().int(),
    /** Fewest tasks per colour (autoscaling floor). Default 1 / 2. */
    minTasks: z.number().int().min(1, "each colour keeps at least 1 task"),
    /** Most tasks per colour (autoscaling ceiling). Default 2 / 6. */
    maxTasks: z.number().int().min(1),
    /** Average CPU percentage target tracking holds. Default 60. */
    cpuTargetPercent: z.number().int().min(10).max(90),
    /** Days the app's log group keeps events (a CloudWatch retention value). Default 30. */
    logRetentionDays: z.number().int(),
    /** Images each ECR repository keeps; older ones expire. Default 10 / 30. */
    keepImages: z.number().int().min(1).max(1000),
    /** User the container runs as (uid:gid, never root). Default 1000:1000 (`node`). */
    user: z.string().regex(/^\d+(:\d+)?$/, "a numeric uid or uid:gid"),
    /** Read-only root filesystem (writable /tmp volume only). Default true. */
    readonlyRootFilesystem: z.boolean(),
    /** Plain, non-secret environment of the app container. Default NODE_ENV=production. */
    environment: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an env var name"), z.string()),
    /** Seconds ECS ignores failing health checks after a task starts. Default 60. */
    healthCheckGraceSeconds: z.number().int().min(0).max(2147483647),
  })
  .strict();

const colorSchema = z.enum(["blue", "green"], { error: 'must be "blue" or "green"' });

export const trafficSchema = z
  .object({
    /** Colour that serves production traffic. Default blue. */
    liveColor: colorSchema,
    /** Percent of production traffic sent to the idle colour, 0-100. Default 0. */
    canaryPercent: z
      .number()
      .int("the canary percentage is a whole number")
      .min(0, "the canary percentage is 0-100: the idle colour's share of production traffic")
      .max(100, "the canary percentage is 0-100: the idle colour's share of production traffic"),
    /** ACM certificate ARN of the HTTPS listeners. Default none: the stack file sets it. */
    certificateArn: z
      .string()
      .regex(/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, "an ACM certificate ARN")
      .nullable(),
    /**
     * Domain the certificate covers, for the app and test URLs; null uses the ALB's DNS name.
     * Default null.
     */
    domainName: z
      .string()
      .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, "a lower-case DNS name")
      .nullable(),
    /**
     * TLS policy of the HTTPS listeners (TLS 1.2 or later).
     * Default ELBSecurityPolicy-TLS13-1-2-2021-06.
     */
    sslPolicy: z.enum([
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      "ELBSecurityPolicy-TLS13-1-3-2021-06",
      "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    ]),
    /** Port of the test listener (HTTPS, idle colour only). Default 8443. */
    testListenerPort: z.number().int().min(1).max(65535),
    /** CIDRs allowed to reach the test listener. Default none (closed). */
    testListenerCidrs: z.array(z.cidrv4()),
    /** Seconds a deregistering target keeps draining. Default 30 / 60. */
    deregistrationDelaySeconds: z.number().int().min(0).max(3600),
    /** Load-balancer cookie stickiness on the target groups. Default false. */
    stickinessEnabled: z.boolean(),
    /** Stickiness duration in seconds, 1-604800. Default 3600. */
    stickinessSeconds: z.number().int(),
    /** Seconds an idle connection stays open. Default 60. */
    idleTimeoutSeconds: z.number().int().min(1).max(4000),
    /** Refuse deletion of the load balancer. Default false / true. */
    deletionProtection: z.boolean(),
    /** Days ALB and S3 access logs are kept. Default 30 / 90. */
    accessLogDays: z.number().int().min(1),
  })
  .strict();
