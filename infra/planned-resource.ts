/**
 * One resource as the offline plan records it from Pulumi's mock runtime. The policy evaluator and
 * the plan printer both read this shape; the mock runtime (`infra/mock-runtime.ts`) produces it.
 */
export interface PlannedResource {
  /** Pulumi type token, e.g. `aws:rds/instance:Instance` or `ai-skills:database:Database`. */
  readonly type: string;
  /** Logical name given to the resource in the program. */
  readonly name: string;
  /** URN as the mock runtime built it. */
  readonly urn: string;
  /** URN of the parent resource, if any. */
  readonly parent?: string;
  /** Whether the resource is a custom resource (false for components and the stack). */
  readonly custom: boolean;
  /** Inputs as the program passed them (camelCase, as the SDK serialises them). */
  readonly inputs: Record<string, unknown>;
  /** Resources this one depends on (URNs): `dependsOn` and the resources its inputs come from. */
  readonly dependencies: readonly string[];
  /** For each input property, the URNs of the resources its value comes from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Reference to the explicit provider (`<provider urn>::<id>`), when one was given. */
  readonly provider?: string;
}
