import type * as aws from "@pulumi/aws";
import { backupTransitions } from "../stacks/settings-rules";
import type { Settings } from "../stacks/settings";

type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

/**
 * The backup bucket's lifecycle, defined here and nowhere else: dumps under the dump prefix move
 * to infrequent access, then to the archive class, then expire; replaced or deleted versions
 * expire after `noncurrentVersionDays`; delete markers left with no versions are removed; and
 * unfinished multipart uploads are aborted.
 */
export function backupLifecycleRules(backup: Settings["backup"]): LifecycleRule[] {
  return [
    {
      id: "dumps-tiering-and-expiry",
      status: "Enabled",
      filter: { prefix: backup.dumpPrefix },
      transitions: backupTransitions(backup).map((t) => ({
        days: t.days,
        storageClass: t.storageClass,
      })),
      expiration: { days: backup.expireAfterDays },
    },
    {
      id: "noncurrent-versions-and-uploads",
      status: "Enabled",
      filter: {},
      noncurrentVersionExpiration: { noncurrentDays: backup.noncurrentVersionDays },
      expiration: { expiredObjectDeleteMarker: true },
      abortIncompleteMultipartUpload: { daysAfterInitiation: backup.abortIncompleteUploadDays },
    },
  ];
}
