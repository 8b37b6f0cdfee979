import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** An IAM policy statement, as the program writes them. */
export interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource: pulumi.Input<string> | pulumi.Input<string>[];
  readonly Condition?: Record<string, Record<string, pulumi.Input<string>>>;
}

/** Trust policy: only the ECS tasks service, from this account, may assume the role. */
function ecsTasksTrust(accountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}

/** A role ECS tasks assume, with one inline policy of the given statements (if any). */
export function taskRole(
  name: string,
  args: {
    readonly description: string;
    readonly accountId: pulumi.Input<string>;
    readonly statements: readonly Statement[];
  },
  opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
  const role = new aws.iam.Role(
    name,
    { description: args.description, assumeRolePolicy: ecsTasksTrust(args.accountId) },
    opts,
  );
  if (args.statements.length > 0) {
    new aws.iam.RolePolicy(
      name,
      {
        role: role.id,
        policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: args.statements }),
      },
      opts,
    );
  }
  return role;
}

/**
 * Statements of an execution role: pull from the given ECR repositories, write to one log group,
 * read exactly the given secrets, and decrypt them with the data key through Secrets Manager.
 */
export function executionStatements(args: {
  readonly repositoryArns: pulumi.Input<string>[];
  readonly logGroupArn: pulumi.Input<string>;
  readonly secretArns: pulumi.Input<string>[];
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly region: string;
}): Statement[] {
  return [
    { Sid: "EcrToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    {
      Sid: "EcrPull",
      Effect: "Allow",
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:GetDownloadUrlForLayer",
        "ecr:BatchGetImage",
      ],
      Resource: args.repositoryArns,
    },
    {
      Sid: "Logs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: pulumi.interpolate`${args.logGroupArn}:*`,
    },
    {
      Sid: "Secrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: args.secretArns,
    },
    {
      Sid: "DecryptSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: args.kmsKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` },
      },
    },
  ];
}
