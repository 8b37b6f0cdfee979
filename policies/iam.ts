import * as aws from "@pulumi/aws";
import {
  validateResourceOfType,
  type ResourceValidationPolicy,
  type ReportViolation,
} from "@pulumi/policy";
import { asList, defaultLevel, guardUnknowns, known, parseJsonInput, show } from "./support";

/** IAM checks on policy documents (JSON string or object) and managed policy attachments. */

interface Statement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

function statementsOf(document: unknown): Statement[] {
  return asList((document as { Statement?: unknown } | undefined)?.Statement) as Statement[];
}

/** Whether a statement allows every action on every resource. */
export function allowsAdmin(statement: Statement): boolean {
  return (
    statement.Effect === "Allow" &&
    (asList(statement.Action).includes("*") || statement.NotAction !== undefined) &&
    asList(statement.Resource).includes("*")
  );
}

function checkDocument(value: unknown, path: string, report: ReportViolation) {
  statementsOf(parseJsonInput(value, path)).forEach((statement, i) => {
    if (allowsAdmin(statement)) {
      report(`${path} Statement[${i}] allows action "*" on resource "*"; name the actions needed.`);
    }
  });
}

type PolicyProps = { policy?: unknown };
const checkPolicyProps = guardUnknowns<PolicyProps>((props, _args, report) =>
  checkDocument(props.policy, "policy", report),
);

export const iamNoWildcardAdmin: ResourceValidationPolicy = {
  name: "iam-no-wildcard-admin",
  description: 'No IAM policy allows action "*" on resource "*".',
  enforcementLevel: defaultLevel,
  validateResource: [
    validateResourceOfType(aws.iam.Policy, checkPolicyProps),
    validateResourceOfType(aws.iam.RolePolicy, checkPolicyProps),
    validateResourceOfType(aws.iam.UserPolicy, checkPolicyProps),
    validateResourceOfType(aws.iam.GroupPolicy, checkPolicyProps),
    validateResourceOfType(
      aws.iam.Role,
      guardUnknowns((role, _args, report) => {
        asList(known(role.inlinePolicies, "inlinePolicies")).forEach((inline, i) =>
          checkDocument((inline as PolicyProps).policy, `inlinePolicies[${i}].policy`, report),
        );
      }),
    ),
  ],
};

/** AWS managed policies that grant full administrative access. */
const adminPolicy = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

type AttachmentProps = { policyArn?: string };
const checkAttachment = guardUnknowns<AttachmentProps>((attachment, _args, report) => {
  const arn = known(attachment.policyArn, "policyArn");
  if (arn !== undefined && adminPolicy.test(arn)) {
    report(`policyArn is ${show(arn)}; attach a policy scoped to what the role needs.`);
  }
});

export const iamNoAdminAttachment: ResourceValidationPolicy = {
  name: "iam-no-admin-attachment",
  description: "No role, user or group is given AdministratorAccess (or IAM/PowerUser access).",
  enforcementLevel: defaultLevel,
  validateResource: [
    validateResourceOfType(aws.iam.RolePolicyAttachment, checkAttachment),
    validateResourceOfType(aws.iam.UserPolicyAttachment, checkAttachment),
    validateResourceOfType(aws.iam.GroupPolicyAttachment, checkAttachment),
    validateResourceOfType(aws.iam.PolicyAttachment, checkAttachment),
    validateResourceOfType(
      aws.iam.Role,
      guardUnknowns((role, _args, report) => {
        const arns = asList(known(role.managedPolicyArns, "managedPolicyArns")) as string[];
        for (const arn of arns.filter((a) => adminPolicy.test(a))) {
          report(`managedPolicyArns includes ${show(arn)}; attach a scoped policy instead.`);
        }
      }),
    ),
  ],
};

/** Whether a trust statement lets any principal at all assume the role. */
function trustsAnyone(statement: Statement): boolean {
  const principal = statement.Principal as { AWS?: unknown } | string | undefined;
  const anyone = principal === "*" || asList((principal as { AWS?: unknown })?.AWS).includes("*");
  return statement.Effect === "Allow" && anyone && statement.Condition === undefined;
}

export const iamTrustNoWildcardPrincipal: ResourceValidationPolicy = {
  name: "iam-trust-no-wildcard-principal",
  description: "No role can be assumed by any AWS principal without a condition.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.iam.Role,
    guardUnknowns((role, _args, report) => {
      statementsOf(parseJsonInput(role.assumeRolePolicy, "assumeRolePolicy")).forEach((s, i) => {
        if (trustsAnyone(s)) {
          report(`assumeRolePolicy Statement[${i}] trusts principal "*"; name the principal.`);
        }
      });
    }),
  ),
};

export const iamPolicies = [iamNoWildcardAdmin, iamNoAdminAttachment, iamTrustNoWildcardPrincipal];
