import { z } from "zod";

/**
 * The settings a stack may set, one zod object per section. Every field has a default: the
 * per-environment defaults live in `defaults.ts`, and the cross-field and AWS rules in
 * `settings.ts`. Field comments give the staging / prod default.
 */

const positiveInt = z.number().int().positive();
const days = z.number().int().min(0);

export const environmentSchema = z.enum(["staging", "prod"]);
export type Environment = z.infer<typeof environmentSchema>;

export const networkSchema = z
  .object({
    /** VPC CIDR block. Default 10.20.0.0/16 (staging), 10.10.0.0/16 (prod). */
    cidrBlock: z.cidrv4(),
    /** Availability zones spanned (2-6). Default 2 / 3. */
    availabilityZones: z.number().int().min(2).max(6),
    /** NAT gateways: one for the VPC, or one per AZ. Default single / onePerAz. */
    natGateways: z.enum(["single", "onePerAz"]),
  })
  .strict();

export const databaseSchema = z
  .object({
    /** RDS instance identifier. Default `ai-skills-<stack>`. */
    identifier: z.string(),
    /** PostgreSQL version; the major version also picks the parameter group family. Default 16. */
    engineVersion: z.string().regex(/^\d+(\.\d+)?$/, "a version like 16 or 16.4"),
    /** Instance class. Default db.t4g.medium / db.r6g.large. */
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "a class like db.t4g.medium"),
    /** Allocated storage in GiB (20-65536). Default 20 / 100. */
    allocatedStorageGb: z.number().int().min(20).max(65536),
    /** Storage autoscaling ceiling in GiB. Default 100 / 1000. */
    maxAllocatedStorageGb: z.number().int().min(20).max(65536),
    /** Standby in a second AZ. Default false / true. */
    multiAz: z.boolean(),
    /** Days of automated backups (point-in-time recovery), 0-35. Default 7 / 30. */
    backupRetentionDays: days,
    /** Daily backup window, UTC. Default 03:00-04:00. */
    backupWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, "hh:mm-hh:mm"),
    /** Weekly maintenance window, UTC. Default sun:04:30-sun:05:30. */
    maintenanceWindow: z
      .string()
      .regex(/^[a-z]{3}:\d{2}:\d{2}-[a-z]{3}:\d{2}:\d{2}$/, "ddd:hh:mm-ddd:hh:mm"),
    /** Refuse deletion of the instance. Default false / true. */
    deletionProtection: z.boolean(),
    /** Delete without a final snapshot. Default true / false. */
    skipFinalSnapshot: z.boolean(),
    /** Final snapshot identifier; required unless skipped. Default none / `<identifier>-final`. */
    finalSnapshotIdentifier: z.string().optional(),
    /** Name of the application database. Default ai_skills. */
    databaseName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "a letter, then up to 62 letters, digits or _"),
    /** Master user name. Default ai_skills_admin. */
    masterUsername: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, "a letter, then up to 15 letters, digits or _"),
    /** Length of the generated master password (8-128). Default 32. */
    passwordLength: z.number().int(),
    /** Performance Insights retention in days (7, 731 or 31 x N). Default 7. */
    performanceInsightsRetentionDays: positiveInt,
    /**
     * Log statements slower than this many milliseconds (log_min_duration_statement).
     * Default 500.
     */
    slowStatementMs: z.number().int().min(-1),
    /** Libraries preloaded besides pg_stat_statements (which is always kept). Default none. */
    extraPreloadLibraries: z.array(z.string().regex(/^[a-z0-9_]+$/, "a library name")),
    /** Manage in-database roles and extensions with @pulumi/postgresql. Default false. */
    manageRoles: z.boolean(),
  })
  .strict();

export const cacheSchema = z
  .object({
    /** Replication group id (1-40 characters). Default `ai-skills-<stack>`. */
    replicationGroupId: z.string(),
    /** Node type. Default cache.t4g.small / cache.r7g.large. */
    nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "a type like cache.t4g.small"),
    /** Redis engine version. Default 7.1. */
    engineVersion: z.string().regex(/^\d+\.\d+$/, "a version like 7.1"),
    /** Nodes in the replication group (primary + replicas), 1-6. Default 1 / 2. */
    nodes: z.number().int().min(1).max(6),
    /** Promote a replica when the primary fails. Default false / true. */
    automaticFailover: z.boolean(),
    /** Place replicas in other AZs. Default false / true. */
    multiAz: z.boolean(),
    /** Encrypt traffic (TLS); the AUTH token needs it. Default true. */
    transitEncryption: z.boolean(),
    /** Days of daily snapshots, 0-35. Default 1 / 7. */
    snapshotRetentionDays: days,
    /** Length of the generated AUTH token (16-128). Default 64. */
    authTokenLength: z.number().int(),
  })
  .strict();

export const backupSchema = z
  .object({
    /** Key prefix of database dumps, no leading `/`. Default postgres/. */
    dumpPrefix: z.string(),
    /** Day dumps move to STANDARD_IA (30 or more), or null for never. Default null / 30. */
    infrequentAccessAfterDays: days.nullable(),
    /** Day dumps move to the archive class, or null for never. Default null / 90. */
    archiveAfterDays: days.nullable(),
    /** Archive storage class. Default GLACIER_IR. */
    archiveStorageClass: z.enum(["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"]),
    /** Day dumps expire. Default 30 / 365. */
    expireAfterDays: positiveInt,
    /** Days a replaced or deleted version is kept. Default 7 / 30. */
    noncurrentVersionDays: positiveInt,
    /** Days before an unfinished multipart upload is aborted. Default 7. */
    abortIncompleteUploadDays: positiveInt,
  })
  .strict();
