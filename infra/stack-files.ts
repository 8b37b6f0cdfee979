import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** Placeholder the offline plan gives a `secure:` value; printed as `[secret]`. */
export const secretPlaceholder = "[secret]";

/** A stack's configuration as Pulumi would hand it to the program. */
export interface StackConfig {
  readonly stack: string;
  readonly project: string;
  /** Fully qualified key -> value (structured values as JSON text, as Pulumi passes them). */
  readonly config: Record<string, string>;
  /** Keys whose values are secrets. */
  readonly secretKeys: string[];
}

/** Stacks that have a settings file beside Pulumi.yaml. */
export function listStacks(projectDir: string): string[] {
  if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) {
    throw new Error(
      `${path.resolve(projectDir)} holds no Pulumi.yaml; run from the project root ` +
        "or pass --project-dir <folder with Pulumi.yaml>",
    );
  }
  return fs
    .readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the Pulumi CLI does: keys without a
 * namespace belong to the project, project-level defaults apply where the stack sets nothing, and
 * a `secure:` value (which only the CLI can decrypt) becomes a secret placeholder.
 */
export function readStackConfig(projectDir: string, stack: string): StackConfig {
  const stacks = listStacks(projectDir);
  if (!stacks.includes(stack)) {
    throw new Error(
      `unknown stack "${stack}": there is no Pulumi.${stack}.yaml; ` +
        `stacks here: ${stacks.join(", ") || "none"}`,
    );
  }
  const project = readYaml(path.join(projectDir, "Pulumi.yaml")) as {
    name?: string;
    config?: Record<string, unknown>;
  };
  const projectName = project.name;
  if (typeof projectName !== "string") throw new Error("Pulumi.yaml has no project name");
  const stackFile = `Pulumi.${stack}.yaml`;
  const stackYaml = (readYaml(path.join(projectDir, stackFile)) ?? {}) as {
    config?: Record<string, unknown>;
  };

  const qualify = (key: string) => (key.includes(":") ? key : `${projectName}:${key}`);
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, declaration] of Object.entries(project.config ?? {})) {
    const value = isPlainObject(declaration)
      ? (declaration["default"] ?? declaration["value"])
      : declaration;
    if (value !== undefined) config[qualify(key)] = encode(value);
  }
  for (const [key, raw] of Object.entries(stackYaml.config ?? {})) {
    const { value, secret } = maskSecrets(raw);
    config[qualify(key)] = encode(value);
    if (secret) secretKeys.push(qualify(key));
  }
  return { stack, project: projectName, config, secretKeys };
}

function readYaml(file: string): unknown {
  try {
    return parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read ${path.basename(file)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Replaces every `{secure: ...}` in a value by the placeholder; says whether it found one. */
function maskSecrets(value: unknown): { value: unknown; secret: boolean } {
  if (isPlainObject(value)) {
    if (Object.keys(value).length === 1 && typeof value["secure"] === "string") {
      return { value: secretPlaceholder, secret: true };
    }
    let secret = false;
    const masked: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const inner = maskSecrets(v);
      masked[k] = inner.value;
      secret = secret || inner.secret;
    }
    return { value: masked, secret };
  }
  if (Array.isArray(value)) {
    const inner = value.map(maskSecrets);
    return { value: inner.map((i) => i.value), secret: inner.some((i) => i.secret) };
  }
  return { value, secret: false };
}

/** Pulumi passes strings as they are and everything else as JSON text. */
function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Names under which a plain-text secret may hide in a stack file, wrongly committed. */
const secretLookingName = /pass(word|phrase)?|secret|token|private.?key|api.?key|credential/i;

/**
 * A config value as the plan may print it: in structured values, any field whose name looks like
 * a secret is shown as `[secret]` (the settings rules reject such plain values anyway; the plan
 * must not echo them while saying so).
 */
export function maskSecretLooking(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof value !== "object" || value === null) return text;
  const mask = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(mask);
    if (!isPlainObject(inner)) return inner;
    const masked: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(inner)) {
      masked[key] =
        secretLookingName.test(key) && typeof field === "string" ? secretPlaceholder : mask(field);
    }
    return masked;
  };
  return JSON.stringify(mask(value));
}
