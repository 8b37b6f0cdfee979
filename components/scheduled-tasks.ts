import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../stacks/settings";
import { procedures } from "../stacks/settings-schedules";
import { databasePasswordEnvVar, outputsEnvVar, redisAuthTokenEnvVar } from "../stacks/runbook-env";
import { awslogs, environmentList, secretVariables, type SecretRefs } from "./container";
import { executionStatements, taskRole, type Statement } from "./task-roles";

export interface ScheduledTasksArgs {
  /** The stack's schedule settings (expression, command and state per procedure, retries). */
  readonly settings: Settings["schedules"];
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  /** The operations image (a digest reference) and the repository it is in. */
  readonly image: pulumi.Input<string>;
  readonly repositoryArn: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The operations security group. */
  readonly securityGroupId: pulumi.Input<string>;
  readonly secrets: SecretRefs;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Log retention of the operations log group, days. Default 30. */
  readonly logRetentionDays?: number;
  /** What the runbook may touch besides its secrets. */
  readonly taskStatements: readonly Statement[];
  /** Stack outputs the runbook reads (RUNBOOK_OUTPUTS_JSON), without the ops task's own ARN. */
  readonly runbookOutputs: pulumi.Input<Record<string, unknown>>;
}

/** Logical-name form of a procedure: `backupVerification` -> `backup-verification`. */
export function kebab(procedure: string): string {
  return procedure.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The routine procedures on a timetable: task definitions for the operations (runbook) image, one
 * general and one per procedure with its command built in, and one EventBridge Scheduler schedule
 * per procedure (UTC, Fargate, private subnets, no public IP) with retries and an encrypted
 * dead-letter queue. Scheduler's role may run only these task families on this cluster and pass
 * only their two roles.
 */
export class ScheduledTasks extends pulumi.ComponentResource {
  readonly taskDefinition: aws.ecs.TaskDefinition;
  readonly scheduleGroup: aws.scheduler.ScheduleGroup;
  readonly deadLetterQueue: aws.sqs.Queue;
  readonly schedules: Readonly<Record<string, aws.scheduler.Schedule>>;

  constructor(name: string, args: ScheduledTasksArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:operations:ScheduledTasks", name, {}, opts);
    const s = args.settings;
    const parent = { parent: this };

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { retentionInDays: args.logRetentionDays ?? 30 },
      parent,
    );
    const executionRole = taskRole(
      `${name}-execution`,
      {
        description: `ECS execution role of ${name}: pull, log, read the runbook's secrets`,
        accountId: args.accountId,
        statements: executionStatements({
          repositoryArns: [args.repositoryArn],
          logGroupArn: logGroup.arn,
          secretArns: [args.secrets.databaseSecretArn, args.secrets.redisTokenSecretArn],
          kmsKeyArn: args.kmsKeyArn,
          region: args.region,
        }),
      },
      parent,
    );
    const opsRole = taskRole(
      `${name}-task`,
      {
        description: `Task role of ${name}: backups, metrics, logs the runbook reads`,
        accountId: args.accountId,
        statements: args.taskStatements,
      },
      parent,
    );

    const outputsJson = pulumi.output(args.runbookOutputs).apply((o) => JSON.stringify(o));
    const taskDefinition = (family: string, command: readonly string[]) =>
      new aws.ecs.TaskDefinition(
        family,
        {
          family,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(s.cpu),
          memory: String(s.memoryMb),
          runtimePlatform: {
            operatingSystemFamily: "LINUX",
            cpuArchitecture: s.platform === "linux/amd64" ? "X86_64" : "ARM64",
          },
          executionRoleArn: executionRole.arn,
          taskRoleArn: opsRole.arn,
          ephemeralStorage: { sizeInGib: 50 },
          volumes: [{ name: "tmp" }],
          containerDefinitions: pulumi.jsonStringify([
            {
              name: "runbook",
              image: args.image,
              essential: true,
              user: "1000:1000",
              readonlyRootFilesystem: true,
              command,
              environment: environmentList({
                HOME: "/tmp",
                AWS_REGION: args.region,
                [outputsEnvVar]: outputsJson,
              }),
              secrets: secretVariables(args.secrets, {
                databasePassword: databasePasswordEnvVar,
                redisAuthToken: redisAuthTokenEnvVar,
              }),
              mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
              logConfiguration: awslogs(logGroup.name, args.region, "runbook"),
            },
          ]),
        },
        parent,
      );

    // The general task: any runbook command, given as a command override to `ecs run-task`.
    const family = `${name}-runbook`;
    this.taskDefinition = taskDefinition(family, ["health", "--json"]);
    // One task per procedure with its command built in, so each schedule runs exactly its
    // procedure without relying on Scheduler to pass container overrides to RunTask.
    const procedureTasks = Object.fromEntries(
      procedures.map((procedure) => [
        procedure,
        taskDefinition(`${name}-${kebab(procedure)}`, s[procedure].command),
      ]),
    ) as Record<(typeof procedures)[number], aws.ecs.TaskDefinition>;

    this.deadLetterQueue = new aws.sqs.Queue(
      `${name}-dlq`,
      { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 },
      parent,
    );
    this.scheduleGroup = new aws.scheduler.ScheduleGroup(name, {}, parent);
    const schedulerRole = new aws.iam.Role(
      `${name}-scheduler`,
      {
        description: `EventBridge Scheduler runs the ${family} task`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "scheduler.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
            },
          ],
        }),
      },
      parent,
    );
    const ecsArnPrefix = pulumi.interpolate`arn:aws:ecs:${args.region}:${args.accountId}`;
    new aws.iam.RolePolicy(
      `${name}-scheduler`,
      {
        role: schedulerRole.id,
        policy: schedulerPolicy({
          taskFamilyArns: [family, ...procedures.map((p) => `${name}-${kebab(p)}`)].map(
            (f) => pulumi.interpolate`${ecsArnPrefix}:task-definition/${f}:*`,
          ),
          clusterArn: args.clusterArn,
          passRoleArns: [opsRole.arn, executionRole.arn],
          deadLetterQueueArn: this.deadLetterQueue.arn,
        }),
      },
      parent,
    );

    const schedules: Record<string, aws.scheduler.Schedule> = {};
    for (const procedure of procedures) {
      const { expression, command, enabled } = s[procedure];
      schedules[procedure] = new aws.scheduler.Schedule(
        `${name}-${kebab(procedure)}`,
        {
          groupName: this.scheduleGroup.name,
          description: `runbook ${command.join(" ")}`,
          scheduleExpression: expression,
          scheduleExpressionTimezone: "UTC",
          state: enabled ? "ENABLED" : "DISABLED",
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn: args.clusterArn,
            roleArn: schedulerRole.arn,
            ecsParameters: {
              taskDefinitionArn: procedureTasks[procedure].arn,
              launchType: "FARGATE",
              taskCount: 1,
              networkConfiguration: {
                subnets: args.privateSubnetIds,
                securityGroups: [args.securityGroupId],
                assignPublicIp: false,
              },
            },
            retryPolicy: {
              maximumRetryAttempts: s.retryAttempts,
              maximumEventAgeInSeconds: s.maximumEventAgeSeconds,
            },
            deadLetterConfig: { arn: this.deadLetterQueue.arn },
          },
        },
        parent,
      );
    }
    this.schedules = schedules;
    this.registerOutputs({ taskDefinitionArn: this.taskDefinition.arn });
  }
}

/** Scheduler may run only this task family on this cluster, pass its roles, and dead-letter. */
export function schedulerPolicy(args: {
  /** `task-definition/<family>:*` ARNs of the operations task families. */
  readonly taskFamilyArns: pulumi.Input<string>[];
  readonly clusterArn: pulumi.Input<string>;
  readonly passRoleArns: pulumi.Input<string>[];
  readonly deadLetterQueueArn: pulumi.Input<string>;
}): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "RunOpsTask",
        Effect: "Allow",
        Action: "ecs:RunTask",
        Resource: args.taskFamilyArns,
        Condition: { ArnEquals: { "ecs:cluster": args.clusterArn } },
      },
      {
        Sid: "PassOpsRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: args.passRoleArns,
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
      {
        Sid: "DeadLetter",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: args.deadLetterQueueArn,
      },
    ],
  });
}
