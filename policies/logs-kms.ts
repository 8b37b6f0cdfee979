import * as aws from "@pulumi/aws";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults, defaultLevel, guardUnknowns, known, show } from "./support";

/** CloudWatch Logs retention and KMS key rotation. */

export const logsRetentionSet: ResourceValidationPolicy = {
  name: "logs-retention-set",
  description: "A log group sets a retention period (unset or 0 keeps logs forever).",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.cloudwatch.LogGroup,
    guardUnknowns((group, _args, report) => {
      const days = known(group.retentionInDays, "retentionInDays");
      if (days === undefined || days === 0) {
        report(`retentionInDays is ${show(days)}; set a retention period.`);
      }
    }),
  ),
};

export const logsRetentionMinimum: ResourceValidationPolicy = {
  name: "logs-retention-minimum",
  description: "A log group keeps logs for at least the configured number of days.",
  enforcementLevel: defaultLevel,
  configSchema: {
    properties: { minimumDays: { type: "integer", minimum: 1, default: 30 } },
  },
  validateResource: validateResourceOfType(
    aws.cloudwatch.LogGroup,
    guardUnknowns((group, args, report) => {
      const { minimumDays } = configWithDefaults(args, { minimumDays: 30 });
      const days = known(group.retentionInDays, "retentionInDays");
      // Unset or 0 (forever) is more than any minimum; logs-retention-set reports those.
      if (days !== undefined && days !== 0 && days < minimumDays) {
        report(`retentionInDays is ${days}; keep logs at least ${minimumDays} days.`);
      }
    }),
  ),
};

export const kmsKeyRotation: ResourceValidationPolicy = {
  name: "kms-key-rotation",
  description: "A symmetric KMS key rotates its key material.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.kms.Key,
    guardUnknowns((key, _args, report) => {
      const spec = known(key.customerMasterKeySpec, "customerMasterKeySpec");
      if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") {
        return; // AWS rotates only symmetric encryption keys.
      }
      const rotation = known(key.enableKeyRotation, "enableKeyRotation");
      if (rotation !== true) {
        report(`enableKeyRotation is ${show(rotation)}; set it to true.`);
      }
    }),
  ),
};

export const snsTopicCustomerKey: ResourceValidationPolicy = {
  name: "sns-topic-customer-key",
  description:
    "An SNS topic is encrypted with a customer-managed key: CloudWatch alarms cannot publish " +
    "to a topic encrypted with the AWS-managed alias/aws/sns key.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.sns.Topic,
    guardUnknowns((topic, _args, report) => {
      const key = known(topic.kmsMasterKeyId, "kmsMasterKeyId");
      if (key === undefined || key === "") {
        report("kmsMasterKeyId is not set; encrypt the topic with a customer-managed KMS key.");
      } else if (/alias\/aws\/sns$/.test(key)) {
        report(
          `kmsMasterKeyId is ${key}; alarms cannot use that key: use a customer-managed key ` +
            "whose policy lets cloudwatch.amazonaws.com decrypt and generate data keys.",
        );
      }
    }),
  ),
};

export const logsKmsPolicies = [
  logsRetentionSet,
  logsRetentionMinimum,
  kmsKeyRotation,
  snsTopicCustomerKey,
];
