import * as awsConfig from "@pulumi/aws/config";
import { z } from "zod";
import { defaultSettings } from "./defaults";
import {
  backupSchema,
  cacheSchema,
  databaseSchema,
  environmentSchema,
  networkSchema,
  type Environment,
} from "./settings-schema";
import { alarmsSchema } from "./settings-alarms";
import { appSchema, trafficSchema } from "./settings-app";
import { crossFieldIssues } from "./settings-rules";
import { schedulesSchema } from "./settings-schedules";

/**
 * What the offline plan passes for a `secure:` value, which only the Pulumi CLI can decrypt. A
 * string rule cannot judge it offline, so such a value skips format checks (never type checks).
 */
export const secretPlaceholder = "[secret]";

/** Pulumi project name: the namespace of every setting. */
export const projectName = "ai-skills";

/** The sections a stack file may set, each under the key `ai-skills:<section>`. */
export const sectionSchemas = {
  network: networkSchema,
  database: databaseSchema,
  cache: cacheSchema,
  backup: backupSchema,
  app: appSchema,
  traffic: trafficSchema,
  schedules: schedulesSchema,
  alarms: alarmsSchema,
} as const;

export type SectionName = keyof typeof sectionSchemas;

/** The validated settings of one stack. Nothing else reads raw Pulumi config. */
export type Settings = {
  readonly stack: string;
  readonly environment: Environment;
  /** AWS region (`aws:region`). */
  readonly region: string;
  /** Team that owns the stack, for the `owner` tag. */
  readonly owner: string;
  /** Cost centre, for the `cost-center` tag. */
  readonly costCenter: string;
} & { readonly [K in SectionName]: Readonly<z.infer<(typeof sectionSchemas)[K]>> };

/** One broken setting: which key, what value, which rule. */
export interface SettingsIssue {
  /** Fully qualified key, e.g. `ai-skills:database.backupRetentionDays`. */
  readonly key: string;
  readonly value: unknown;
  readonly rule: string;
}

/** Thrown before any resource is declared when a stack's settings break a rule. */
export class SettingsError extends Error {
  constructor(
    readonly stack: string,
    readonly issues: readonly SettingsIssue[],
  ) {
    super(
      `stack ${stack} has ${issues.length} invalid setting(s):\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
    );
    this.name = "SettingsError";
  }
}

export function formatIssue(issue: SettingsIssue): string {
  return `${issue.key} = ${JSON.stringify(issue.value) ?? "(unset)"}: ${issue.rule}`;
}

/** Raw stack configuration: keys as in the stack file (`ai-skills:database`, `aws:region`). */
export type RawConfig = Readonly<Record<string, unknown>>;

const topLevelKeys = ["environment", "owner", "costCenter"] as const;

/** The AWS provider's own settings (`aws:region`, `aws:profile`, ...), as its SDK declares them. */
const awsProviderKeys = new Set(
  Object.keys(awsConfig).filter((name) => !name.startsWith("require")),
);

/**
 * Validates a stack's raw configuration once and returns typed settings with the environment's
 * defaults filled in. Throws `SettingsError` listing every broken rule.
 */
export function loadSettings(stack: string, raw: RawConfig): Settings {
  const issues: SettingsIssue[] = [];
  const key = (name: string) => `${projectName}:${name}`;

  for (const name of Object.keys(raw)) {
    const [namespace, field] = name.split(":");
    const known = [...topLevelKeys, ...Object.keys(sectionSchemas)] as string[];
    if (namespace === projectName && !known.includes(field ?? "")) {
      issues.push({
        key: name,
        value: raw[name],
        rule: `unknown setting; known: ${known.join(", ")}`,
      });
    }
    if (namespace === "aws" && !awsProviderKeys.has(field ?? "")) {
      issues.push({
        key: name,
        value: raw[name],
        rule: "not a setting of the AWS provider (see @pulumi/aws/config); check the spelling",
      });
    }
  }

  const environment = environmentSchema.safeParse(raw[key("environment")]);
  if (!environment.success) {
    issues.push({
      key: key("environment"),
      value: raw[key("environment")],
      rule: 'must be "staging" or "prod"',
    });
    throw new SettingsError(stack, issues);
  }
  const region = raw["aws:region"];
  if (typeof region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    issues.push({ key: "aws:region", value: region, rule: "must be an AWS region like eu-west-1" });
  }
  const tagValue = (name: "owner" | "costCenter"): string => {
    const value = raw[key(name)];
    if (typeof value === "string" && /^[\w .:/=+@-]{1,256}$/.test(value)) return value;
    issues.push({ key: key(name), value, rule: "must be a tag value of 1-256 characters" });
    return "";
  };
  const owner = tagValue("owner");
  const costCenter = tagValue("costCenter");

  const defaults = defaultSettings(environment.data, stack);
  const sections: Record<string, unknown> = {};
  for (const [section, schema] of Object.entries(sectionSchemas)) {
    const given = raw[key(section)] ?? {};
    if (typeof given !== "object" || given === null || Array.isArray(given)) {
      issues.push({ key: key(section), value: given, rule: "must be an object of settings" });
      sections[section] = (schema as z.ZodTypeAny).parse(defaults[section as SectionName]);
      continue;
    }
    const merged = mergeSection(defaults[section as SectionName], given as object);
    const parsed = (schema as z.ZodTypeAny).safeParse(merged);
    if (parsed.success) {
      sections[section] = parsed.data;
      continue;
    }
    const sectionIssues = parsed.error.issues
      .map((issue) => ({ issue, found: zodIssue(key(section), merged, issue) }))
      .filter(
        ({ issue, found }) => found.value !== secretPlaceholder || issue.code === "invalid_type",
      )
      .map(({ found }) => found);
    issues.push(...sectionIssues);
    // The rest of the checks still run: on the stack's values where they passed, and on the
    // environment's defaults where a section did not, so one run reports every broken setting.
    const fallback = (schema as z.ZodTypeAny).safeParse(defaults[section as SectionName]);
    sections[section] = sectionIssues.length === 0 ? merged : fallback.data;
  }
  const settings = {
    stack,
    environment: environment.data,
    region: region as string,
    owner,
    costCenter,
    ...sections,
  } as Settings;
  const reported = new Set(issues.map((i) => i.key));
  issues.push(...crossFieldIssues(settings).filter((i) => !reported.has(i.key)));
  if (issues.length > 0) throw new SettingsError(stack, issues);
  return settings;
}

/**
 * A stack file's section over the defaults, field by field; a field that is an object in both
 * (a schedule, the images per colour) is merged one level deeper, so setting one of its fields
 * keeps the others' defaults. Lists and scalars replace the default whole.
 */
function mergeSection(defaults: object, given: object): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [field, value] of Object.entries(given)) {
    const current = merged[field];
    merged[field] =
      isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function zodIssue(sectionKey: string, merged: object, issue: z.core.$ZodIssue): SettingsIssue {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return {
      key: `${sectionKey}.${issue.keys.join(",")}`,
      value: issue.keys.map((k) => (merged as Record<string, unknown>)[k])[0],
      rule: "unknown setting; check the spelling against Pulumi.yaml",
    };
  }
  let value: unknown = merged;
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  return { key: [sectionKey, ...path].join("."), value, rule: issue.message };
}
