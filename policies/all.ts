import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { albPolicies } from "./alb";
import { ecsPolicies } from "./ecs";
import { elasticachePolicies } from "./elasticache";
import { iamPolicies } from "./iam";
import { logsKmsPolicies } from "./logs-kms";
import { rdsPolicies } from "./rds";
import { s3Policies } from "./s3";
import { s3BucketControlPolicies } from "./s3-bucket-controls";
import { securityGroupPolicies } from "./security-groups";
import { stackPolicies } from "./stack";
import { tagPolicies } from "./tags";

/**
 * Every policy of the ai-skills-security pack, in one list. Tests and the offline evaluator import
 * this module; only `index.ts` wraps it in a PolicyPack (which starts a policy server).
 */
export const allPolicies: readonly (ResourceValidationPolicy | StackValidationPolicy)[] = [
  ...s3Policies,
  ...s3BucketControlPolicies,
  ...rdsPolicies,
  ...elasticachePolicies,
  ...albPolicies,
  ...securityGroupPolicies,
  ...ecsPolicies,
  ...iamPolicies,
  ...logsKmsPolicies,
  ...tagPolicies,
  ...stackPolicies,
];

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const packName = "ai-skills-security";
