import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The customer-managed key of the data tier: RDS storage and Performance Insights, ElastiCache at
 * rest, Secrets Manager secrets and the backup bucket. Rotated yearly by AWS; kept 30 days after
 * a deletion is scheduled, the longest AWS allows, so a mistaken delete can be cancelled.
 */
export function dataKey(name: string, opts: pulumi.CustomResourceOptions): aws.kms.Key {
  const key = new aws.kms.Key(
    name,
    {
      description: `Data at rest of ${name}: database, cache, secrets, backups`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    },
    opts,
  );
  new aws.kms.Alias(name, { name: `alias/${name}`, targetKeyId: key.keyId }, opts);
  return key;
}
