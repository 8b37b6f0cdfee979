/**
 * Turns a resource's inputs, as the SDK serialises them for the engine, into plain data for the
 * plan: a secret becomes "[secret]", a resource reference its URN, an asset or archive a marker.
 * Unknown values keep the SDK's sentinel so that policies can tell "unknown" from "absent".
 */

const sigKey = "4dabf18193072939515e22adb298388d";
const signatures = {
  secret: "1b47061264138c4ac30d75fd1eb44270",
  resource: "5cf8f73096256a8f31e491e813e4eb8e",
  asset: "c44067f5952c0a294b673a41bacd8c17",
  archive: "0def7320c3a5731c473e5ecbe6d01bc7",
  outputValue: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
} as const;

/** The SDK's marker for a value not known until the resource exists. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a secret input looks like in the plan. */
export const secretMarker = "[secret]";

export function plainValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  switch (record[sigKey]) {
    case signatures.secret:
      return secretMarker;
    case signatures.resource:
      return record["urn"];
    case signatures.asset:
      return "[asset]";
    case signatures.archive:
      return "[archive]";
    case signatures.outputValue:
      if (record["secret"] === true) return secretMarker;
      return "value" in record ? plainValue(record["value"]) : unknownValue;
  }
  const plain: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) plain[key] = plainValue(inner);
  return plain;
}
