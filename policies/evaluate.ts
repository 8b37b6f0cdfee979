import * as policySdk from "@pulumi/policy";
import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { PlannedResource } from "../infra/planned-resource";
import { allPolicies } from "./all";
import { levelFor, loadPackConfig, parametersFor, type PackConfig } from "./config";
import { PreviewUnknown, unknownMessage, unknownPath } from "./support";
import { tokens } from "./types";

/**
 * The offline evaluator: runs the pack's policy objects over the offline plan's resources the way
 * the Pulumi CLI's policy runtime runs them over a preview, without a CLI or a policy server.
 *
 * - Resource policies see each custom resource's inputs, wrapped in the SDK's own
 *   unknown-checking proxy, with `isType`, `asType`, `getConfig`, `notApplicable` and the
 *   resource's provider (its inputs, so `defaultTags` are visible).
 * - Stack policies see every resource, with parent, dependencies and, where the plan records
 *   them, property dependencies.
 * - Levels and parameters come from pack config, as `config.ts` resolves them.
 *
 * Policies must be synchronous here (all in this pack are); a validation that returns a promise
 * is an error rather than a silently skipped check.
 */

/** One policy violation. */
export interface PolicyResult {
  readonly policy: string;
  readonly description: string;
  readonly enforcementLevel: "advisory" | "mandatory";
  /** The resource in violation; absent for a stack-wide violation. */
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly message: string;
}

export interface EvaluateOptions {
  /** Stack name; its pack config is `policies/config/<stack>.json` unless `config` is given. */
  readonly stack: string;
  /** Pack config to use instead of the stack's file. */
  readonly config?: PackConfig;
  /** The policies to run; default all of the pack. */
  readonly policies?: readonly (ResourceValidationPolicy | StackValidationPolicy)[];
}

/** What the plan may record beyond `PlannedResource`: used when present. */
type PlannedResourceExtras = PlannedResource & {
  readonly provider?: string;
  readonly propertyDependencies?: Record<string, readonly string[]>;
};

type ResourceClass = { new (...rest: never[]): unknown; isInstance?: (o: unknown) => boolean };

const wrapUnknowns = (policySdk as unknown as { unknownCheckingProxy<T>(value: T): T })
  .unknownCheckingProxy;

class NotApplicable extends Error {}

/** Runs the pack over a plan's resources; returns every violation, mandatory ones included. */
export function evaluatePolicies(
  resources: readonly PlannedResource[],
  options: EvaluateOptions,
): PolicyResult[] {
  const config = options.config ?? loadPackConfig(options.stack);
  const policies = options.policies ?? allPolicies;
  const views = resources.map((r) => toPolicyResource(r as PlannedResourceExtras, resources));
  linkViews(views, resources);
  const results: PolicyResult[] = [];

  for (const policy of policies) {
    const level = effectiveLevel(levelFor(policy, config));
    if (level === undefined) {
      continue;
    }
    const parameters = withSchemaDefaults(policy, parametersFor(policy.name, config));
    const record =
      (resource?: PolicyResource): ReportViolation =>
      (message, urn) => {
        const target = urn ? views.find((v) => v.urn === urn) : resource;
        results.push({
          policy: policy.name,
          description: policy.description,
          enforcementLevel: level,
          ...(target ? { urn: target.urn, name: target.name, type: target.type } : {}),
          message,
        });
      };
    const shared = {
      getConfig: <T extends object>() => ({ ...parameters }) as T,
      notApplicable: (reason?: string): never => {
        throw new NotApplicable(reason);
      },
      stackTags: new Map<string, string>(),
    };

    if ("validateStack" in policy) {
      const args: StackValidationArgs = { ...shared, resources: views };
      runSync(() => policy.validateStack(args, record()), policy, undefined, results);
      continue;
    }
    const validations = asArray(policy.validateResource);
    for (const view of views.filter((v) => isCustom(v, resources))) {
      const args: ResourceValidationArgs = {
        ...shared,
        type: view.type,
        props: view.props,
        urn: view.urn,
        name: view.name,
        opts: view.opts,
        ...(view.provider ? { provider: view.provider } : {}),
        isType: view.isType,
        asType: (cls) => (view.isType(cls) ? view.props : undefined) as never,
      };
      for (const validate of validations) {
        runSync(() => validate(args, record(view)), policy, view, results);
      }
    }
  }
  return results;
}

/** Whether any result is mandatory: the plan fails on one. */
export function hasMandatoryViolation(results: readonly PolicyResult[]): boolean {
  return results.some((r) => r.enforcementLevel === "mandatory");
}

function effectiveLevel(level: EnforcementLevel): "advisory" | "mandatory" | undefined {
  if (level === "disabled") {
    return undefined;
  }
  // As the CLI does: a remediate policy that still finds a violation reports it as mandatory.
  return level === "advisory" ? "advisory" : "mandatory";
}

/**
 * Runs one validation. As the policy runtime does, a value unknown during preview ends it with an
 * advisory result (the real run at `pulumi up` enforces the policy's own level on known values).
 */
function runSync(
  run: () => unknown,
  policy: { name: string; description: string },
  resource: PolicyResource | undefined,
  results: PolicyResult[],
): void {
  try {
    const returned = run();
    if (returned !== null && typeof returned === "object" && "then" in returned) {
      throw new Error(`policy ${policy.name} returned a promise; the offline evaluator is sync`);
    }
  } catch (error) {
    if (error instanceof NotApplicable) return;
    if (!(error instanceof policySdk.UnknownValueError)) throw error;
    const target = error instanceof PreviewUnknown && error.resource ? error.resource : resource;
    const path = unknownPath(error) ?? "a property";
    results.push({
      policy: policy.name,
      description: policy.description,
      enforcementLevel: "advisory",
      ...(target ? { urn: target.urn, name: target.name, type: target.type } : {}),
      message:
        error instanceof PreviewUnknown
          ? (error as unknown as Error).message
          : unknownMessage(path),
    });
  }
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

function withSchemaDefaults(
  policy: { configSchema?: policySdk.PolicyConfigSchema },
  parameters: Record<string, unknown>,
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) {
      defaults[key] = schema.default;
    }
  }
  return { ...defaults, ...parameters };
}

function isCustom(view: PolicyResource, planned: readonly PlannedResource[]): boolean {
  return planned.find((p) => p.urn === view.urn)?.custom ?? true;
}

/** Pulumi's marker for a secret value on the wire: the value is unwrapped, as the CLI does. */
const secretSig = "4dabf18193072939515e22adb298388d";
const secretMarker = "1b47061264138c4ac30d75fd1eb44270";

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(unwrapSecrets);
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[secretSig] === secretMarker) {
      return unwrapSecrets(record.value);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** The type token a resource class declares (generated SDK classes all have one). */
export function typeTokenOf(cls: ResourceClass): string | undefined {
  const token = (cls as unknown as { __pulumiType?: unknown }).__pulumiType;
  return typeof token === "string" ? token : undefined;
}

function isTypeFn(type: string) {
  return (cls: ResourceClass) => {
    const token = typeTokenOf(cls);
    if (token !== undefined) {
      return token === type;
    }
    return cls.isInstance?.({ __pulumiType: type }) === true;
  };
}

/** The provider a planned resource uses: its recorded reference, or the plan's only AWS one. */
function providerOf(
  resource: PlannedResourceExtras,
  planned: readonly PlannedResource[],
): PolicyProviderResource | undefined {
  if (!resource.type.startsWith("aws:")) {
    return undefined;
  }
  const byReference = resource.provider
    ? planned.find(
        (p) => resource.provider?.startsWith(`${p.urn}::`) || resource.provider === p.urn,
      )
    : undefined;
  const awsProviders = planned.filter((p) =>
    (tokens.awsProvider as readonly string[]).includes(p.type),
  );
  const provider = byReference ?? (awsProviders.length === 1 ? awsProviders[0] : undefined);
  if (!provider) {
    return undefined;
  }
  return {
    type: provider.type,
    urn: provider.urn,
    name: provider.name,
    props: wrapUnknowns(unwrapSecrets(provider.inputs) as Record<string, unknown>),
  };
}

function toPolicyResource(
  resource: PlannedResourceExtras,
  planned: readonly PlannedResource[],
): PolicyResource {
  const provider = providerOf(resource, planned);
  const props = wrapUnknowns(unwrapSecrets(resource.inputs) as Record<string, unknown>);
  const view: PolicyResource = {
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...(resource.parent ? { parent: resource.parent } : {}),
    },
    ...(provider ? { provider } : {}),
    dependencies: [],
    propertyDependencies: {},
    isType: isTypeFn(resource.type),
    asType: (cls) => (isTypeFn(resource.type)(cls) ? props : undefined) as never,
  };
  return view;
}

/** Fills parents, dependencies and property dependencies with the resource objects themselves. */
export function linkViews(views: PolicyResource[], planned: readonly PlannedResource[]): void {
  const byUrn = new Map(views.map((v) => [v.urn, v]));
  for (const view of views) {
    const source = planned.find((p) => p.urn === view.urn) as PlannedResourceExtras | undefined;
    if (!source) {
      continue;
    }
    const parent = source.parent ? byUrn.get(source.parent) : undefined;
    if (parent) {
      view.parent = parent;
    }
    view.dependencies = source.dependencies
      .map((urn) => byUrn.get(urn))
      .filter((d): d is PolicyResource => d !== undefined);
    for (const [key, urns] of Object.entries(source.propertyDependencies ?? {})) {
      view.propertyDependencies[key] = urns
        .map((urn) => byUrn.get(urn))
        .filter((d): d is PolicyResource => d !== undefined);
    }
  }
}
