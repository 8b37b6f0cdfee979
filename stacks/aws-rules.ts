/**
 * Rules AWS enforces that the provider's types do not. Each function returns `undefined` when the
 * value is acceptable, or the rule it breaks, phrased so it can follow "<key> = <value>: ".
 * Sources: the RDS, ElastiCache and S3 API references (CreateDBInstance, CreateReplicationGroup,
 * PutBucketLifecycleConfiguration).
 */

/** Characters RDS refuses in a master password (besides anything non-printable). */
export const rdsPasswordForbidden = ["/", '"', "@", " "] as const;

/** The only special characters ElastiCache accepts in an AUTH token. */
export const elasticacheTokenSpecials = "!&#$^<>-";

/** RDS DB instance identifier: 1-63 letters, digits or hyphens; starts with a letter. */
export function rdsIdentifierRule(identifier: string): string | undefined {
  if (identifier.length < 1 || identifier.length > 63) {
    return "an RDS identifier must be 1-63 characters long";
  }
  if (!/^[a-z]/.test(identifier)) return "an RDS identifier must start with a lowercase letter";
  if (!/^[a-z0-9-]+$/.test(identifier)) {
    return "an RDS identifier may hold only lowercase letters, digits and hyphens";
  }
  if (identifier.endsWith("-")) return "an RDS identifier must not end with a hyphen";
  if (identifier.includes("--")) return "an RDS identifier must not contain two hyphens in a row";
  return undefined;
}

/** ElastiCache replication group id: like an RDS identifier, but 1-40 characters. */
export function replicationGroupIdRule(id: string): string | undefined {
  if (id.length > 40) return "a replication group id must be 1-40 characters long";
  return rdsIdentifierRule(id)?.replace("an RDS identifier", "a replication group id");
}

/** RDS master password: 8-128 printable ASCII characters, none of `/`, `"`, `@` or space. */
export function rdsPasswordRule(password: string): string | undefined {
  if (password.length < 8 || password.length > 128) {
    return "an RDS master password must be 8-128 characters long";
  }
  if (!/^[\x20-\x7e]+$/.test(password)) {
    return "an RDS master password may hold only printable ASCII characters";
  }
  const bad = rdsPasswordForbidden.filter((c) => password.includes(c));
  if (bad.length > 0) return 'an RDS master password must not contain "/", \'"\', "@" or a space';
  return undefined;
}

/** ElastiCache AUTH token: 16-128 characters, letters, digits and `! & # $ ^ < > -` only. */
export function elasticacheTokenRule(token: string): string | undefined {
  if (token.length < 16 || token.length > 128) {
    return "an ElastiCache AUTH token must be 16-128 characters long";
  }
  if (!/^[A-Za-z0-9!&#$^<>-]+$/.test(token)) {
    return "an ElastiCache AUTH token may hold only letters, digits and ! & # $ ^ < > -";
  }
  return undefined;
}

/** One transition of an S3 lifecycle rule. */
export interface LifecycleTransition {
  readonly days: number;
  readonly storageClass: string;
}

const infrequentAccess = new Set(["STANDARD_IA", "ONEZONE_IA"]);

/**
 * S3 lifecycle transitions and expiration: nothing goes to STANDARD_IA or ONEZONE_IA before day
 * 30; transitions come in increasing order of days; an object must stay 30 days in an
 * infrequent-access class before it moves on; expiration comes after the last transition.
 */
export function lifecycleRule(
  transitions: readonly LifecycleTransition[],
  expirationDays: number | undefined,
): { readonly at: number | "expiration"; readonly rule: string } | undefined {
  for (const [i, t] of transitions.entries()) {
    if (infrequentAccess.has(t.storageClass) && t.days < 30) {
      return { at: i, rule: `S3 moves nothing to ${t.storageClass} before day 30` };
    }
    const previous = transitions[i - 1];
    if (previous && t.days <= previous.days) {
      return {
        at: i,
        rule:
          `transitions must come in increasing order: ` +
          `${t.storageClass} after day ${previous.days}`,
      };
    }
    if (previous && infrequentAccess.has(previous.storageClass) && t.days < previous.days + 30) {
      return {
        at: i,
        rule:
          `S3 keeps objects 30 days in ${previous.storageClass} before the next transition: ` +
          `${t.storageClass} must come at day ${previous.days + 30} or later`,
      };
    }
  }
  const last = transitions[transitions.length - 1];
  if (expirationDays !== undefined && last && expirationDays <= last.days) {
    return {
      at: "expiration",
      rule: `expiration must come after the last transition (day ${last.days})`,
    };
  }
  return undefined;
}

/** S3 key prefix for a lifecycle filter: no leading `/`. */
export function s3PrefixRule(prefix: string): string | undefined {
  if (prefix.startsWith("/")) return "an S3 key prefix must not start with '/'";
  return undefined;
}

/** Performance Insights retention: 7, 731, or a whole number of months (31 x 1-23) in days. */
export function performanceInsightsRetentionRule(days: number): string | undefined {
  if (days === 7 || days === 731 || (days % 31 === 0 && days >= 31 && days <= 713)) {
    return undefined;
  }
  return "Performance Insights keeps data 7 days, 731 days, or 31 x N days (N = 1-23)";
}

/** What a @pulumi/random RandomPassword may draw from: letters and digits plus these specials. */
export interface SecretAlphabet {
  /** Special characters the generator may use (its `overrideSpecial`). */
  readonly specials: string;
  /** Shortest and longest length the service accepts. */
  readonly minLength: number;
  readonly maxLength: number;
}

/** The RDS master password generator: every printable special except `/`, `"`, `@`. */
export const rdsPasswordAlphabet: SecretAlphabet = {
  specials: "!#$%&*()-_=+[]{}<>:?",
  minLength: 8,
  maxLength: 128,
};

/** The ElastiCache AUTH token generator: exactly the specials ElastiCache allows. */
export const elasticacheTokenAlphabet: SecretAlphabet = {
  specials: elasticacheTokenSpecials,
  minLength: 16,
  maxLength: 128,
};
