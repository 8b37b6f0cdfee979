import type { PolicyResource } from "@pulumi/policy";
import { isUnknown } from "./support";

/**
 * How a stack policy finds the resource a reference points at (the bucket of a
 * BucketVersioning, the database of an alarm). References are output values (an id, an ARN)
 * that may be unknown in a preview or made up by the offline mocks, so the link is resolved
 * in order of certainty:
 *
 * 1. `propertyDependencies[property]`: the engine records which resources an input came from;
 * 2. equal values: the reference equals one of the candidate's identifying properties;
 * 3. the same parent component holds exactly one candidate (a component's bucket and its
 *    versioning resource);
 * 4. the stack holds exactly one candidate.
 *
 * Steps 3 and 4 are inference, not proof: they keep a plan without property dependencies
 * checkable, and they can only ever link to a resource of the right type.
 */

/** Reads a property as it is, sentinel included, without tripping the unknown-checking proxy. */
export function rawProp(resource: PolicyResource, property: string): unknown {
  return Object.getOwnPropertyDescriptor(resource.props, property)?.value;
}

/** Reads a property without tripping the unknown-checking proxy; unknown reads as undefined. */
export function peek(resource: PolicyResource, property: string): unknown {
  const value = rawProp(resource, property);
  return isUnknown(value) ? undefined : value;
}

/** The resources `source` references through `property`, among `candidates`. */
export function linkedResources(
  source: PolicyResource,
  property: string,
  candidates: readonly PolicyResource[],
  identifyingProperties: readonly string[],
  reference: unknown = peek(source, property),
): PolicyResource[] {
  const byDependency = (source.propertyDependencies[property] ?? []).filter((r) =>
    candidates.includes(r),
  );
  if (byDependency.length > 0) {
    return byDependency;
  }

  const references = (Array.isArray(reference) ? reference : [reference]).filter(
    (r): r is string => typeof r === "string" && !isUnknown(r),
  );
  const byValue = candidates.filter((c) =>
    identifyingProperties.some((p) => {
      const value = peek(c, p);
      return typeof value === "string" && references.includes(value);
    }),
  );
  if (byValue.length > 0) {
    return byValue;
  }

  const parentUrn = source.parent?.urn ?? source.opts.parent;
  if (parentUrn !== undefined) {
    const siblings = candidates.filter((c) => (c.parent?.urn ?? c.opts.parent) === parentUrn);
    if (siblings.length === 1) {
      return siblings;
    }
  }
  return candidates.length === 1 ? [...candidates] : [];
}

/** Resources of any of the given type tokens. */
export function ofTypes(resources: readonly PolicyResource[], types: readonly string[]) {
  return resources.filter((r) => types.includes(r.type));
}
