import { UnknownValueError, validateResourceOfType } from "@pulumi/policy";
import type { Resource, Unwrap } from "@pulumi/pulumi";
import type {
  EnforcementLevel,
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from "@pulumi/policy";

/**
 * Helpers shared by every policy module: unknown-value handling, JSON inputs, and the small
 * readers the policies use. Nothing here constructs a PolicyPack.
 *
 * Unknown values. During `pulumi preview` an input computed from another resource's output may be
 * unknown. The policy runtime hands policies a proxy that throws `UnknownValueError` when such a
 * value is read; the offline evaluator wraps the plan's inputs in the same proxy, so both behave
 * alike. The runtime turns that error into an advisory note, "can't run policy ... during
 * preview", and the policy runs again on the real values when `pulumi up` registers the resource,
 * where its own enforcement level applies. `guardUnknowns` keeps that contract (a preview never
 * fails on a value nobody can know yet, as every first deployment would) and names the property:
 * it rethrows as a `PreviewUnknown`, an `UnknownValueError` whose message starts with
 * `cannot verify`. The offline evaluator reports it as an advisory result, never a pass.
 * Presence-only checks (an AUTH token) test `hasInput`, which does not read the value.
 */

/** Prefix of every message that reports a value the policy could not see. */
export const unknownPrefix = "cannot verify";

/** Pulumi's sentinels for unknown values (one per value kind), as the policy SDK defines them. */
export const unknownSentinels: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (also @pulumi/pulumi's runtime.unknownValue)
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** True when a raw value is one of Pulumi's unknown sentinels. */
export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && unknownSentinels.has(value);
}

/** Thrown by `known` and by the JSON readers when a value cannot be seen during preview. */
export class UnknownInputError extends Error {
  constructor(readonly path: string) {
    super(`${unknownPrefix} ${path}: value unknown during preview`);
    this.name = "UnknownInputError";
  }
}

/**
 * An unknown value met during preview, as the policy runtime understands it (a subclass of its
 * `UnknownValueError`, so `pulumi preview` shows it as an advisory note), naming the property and,
 * for stack policies, the resource.
 */
export class PreviewUnknown extends UnknownValueError {
  constructor(
    readonly path: string,
    readonly resource?: PolicyResource,
  ) {
    super(unknownSentinelOfString, path.split("."));
    const error = this as unknown as Error;
    error.message = unknownMessage(path, resource?.name);
    error.name = "PreviewUnknown";
  }
}

const unknownSentinelOfString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The property path an unknown-value error names, from either kind of error; else undefined. */
export function unknownPath(error: unknown): string | undefined {
  if (error instanceof UnknownInputError) {
    return error.path;
  }
  // The policy SDK's UnknownValueError: "<kind> value at .<path> can't be known during preview".
  if (error instanceof Error && "unknownTypeSentinel" in error) {
    const match = /value at \.(\S+) can't be known/.exec(error.message);
    return match ? match[1] : "a property";
  }
  return undefined;
}

/** The message reported for a value the policy could not see. */
export function unknownMessage(path: string, subject?: string): string {
  const where = subject ? ` of ${subject}` : "";
  return `${unknownPrefix} ${path}${where}: value unknown during preview`;
}

/** Returns `value`, or throws `UnknownInputError(path)` when it is an unknown sentinel. */
export function known<T>(value: T, path: string): T {
  if (isUnknown(value)) {
    throw new UnknownInputError(path);
  }
  return value;
}

/** A typed resource validation, as `validateResourceOfType` calls it. */
type TypedValidation<P> = (
  props: P,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
) => void;

/**
 * Wraps a typed validation so that an unknown value is reported as a `cannot verify` violation
 * rather than ending the policy as an advisory note.
 */
export function guardUnknowns<P>(validate: TypedValidation<P>): TypedValidation<P> {
  return (props, args, reportViolation) => {
    try {
      validate(props, args, reportViolation);
    } catch (error) {
      const path = unknownPath(error);
      if (path === undefined || error instanceof PreviewUnknown) {
        throw error;
      }
      throw new PreviewUnknown(path);
    }
  };
}

/** `guardUnknowns` for an untyped validation, which reads `args.props` itself. */
export function guardResource(validate: ResourceValidation): ResourceValidation {
  const typed = guardUnknowns<unknown>((_props, args, reportViolation) =>
    validate(args, reportViolation),
  );
  return (args, reportViolation) => typed(args.props, args, reportViolation);
}

/**
 * Runs `inspect` on one resource of a stack policy; an unknown value it meets is reported against
 * that resource as a `cannot verify` violation.
 */
export function inspectResource(
  resource: PolicyResource,
  _reportViolation: ReportViolation,
  inspect: () => void,
): void {
  try {
    inspect();
  } catch (error) {
    const path = unknownPath(error);
    if (path === undefined || error instanceof PreviewUnknown) {
      throw error;
    }
    throw new PreviewUnknown(path, resource);
  }
}

/** Whether `props` holds a value for `key`, without reading it (so an unknown counts as set). */
export function hasInput(props: object, key: string): boolean {
  return (
    Object.prototype.hasOwnProperty.call(props, key) &&
    Object.getOwnPropertyDescriptor(props, key)?.value !== undefined &&
    Object.getOwnPropertyDescriptor(props, key)?.value !== null
  );
}

/** Parses an input that the SDK accepts as a JSON string or as an object; undefined stays so. */
export function parseJsonInput(value: unknown, path: string): unknown {
  known(value, path);
  if (typeof value !== "string") {
    return value;
  }
  if (value.includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9")) {
    // An unknown spliced into a JSON string by pulumi.interpolate/jsonStringify.
    throw new UnknownInputError(path);
  }
  try {
    return JSON.parse(value);
  } catch {
    return { invalidJson: value };
  }
}

/** Normalises a value that may be a single item or a list (IAM `Action`, `Resource`). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** Formats a value for a message: strings quoted, absent values as `unset`. */
export function show(value: unknown): string {
  if (value === undefined || value === null) {
    return "unset";
  }
  return JSON.stringify(value);
}

/** Enforcement level every policy declares; pack config raises it per stack. */
export const defaultLevel: EnforcementLevel = "advisory";

/**
 * A policy's config merged over its defaults. The Pulumi CLI fills schema defaults before it
 * calls the pack, but the offline evaluator and tests may not: the policy never relies on it.
 */
export function configWithDefaults<T extends object>(
  args: { getConfig<C extends object>(): C },
  defaults: T,
): T {
  const given = args.getConfig<Partial<T>>();
  const merged = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = given[key];
    if (value !== undefined && value !== null) {
      merged[key] = value as T[keyof T];
    }
  }
  return merged;
}

/**
 * A resource policy over one resource type whose check reads that type's inputs, with unknowns
 * handled by `guardUnknowns`. The domain modules build their policies with this.
 */
export function typedPolicy<TResource extends Resource, TArgs>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's own signature
  resourceClass: { new (name: string, args: TArgs, ...rest: any[]): TResource },
  name: string,
  description: string,
  check: (
    props: Unwrap<NonNullable<TArgs>>,
    report: (message: string) => void,
    args: ResourceValidationArgs,
  ) => void,
  extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: defaultLevel,
    ...extra,
    validateResource: validateResourceOfType(
      resourceClass,
      guardUnknowns<Unwrap<NonNullable<TArgs>>>((props, args, reportViolation) =>
        check(props, (message) => reportViolation(message), args),
      ),
    ),
  };
}
