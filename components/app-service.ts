import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { colors, type Color } from "../stacks/outputs";
import type { Settings } from "../stacks/settings";
import { appContainer, type SecretRefs } from "./container";
import { ports } from "./network";
import { executionStatements, taskRole } from "./task-roles";

export interface AppServiceArgs {
  /** The stack's app settings (sizes, task counts, user, log retention, ...). */
  readonly settings: Settings["app"];
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  /** Image reference per colour, already resolved (a built image's digest, or a given one). */
  readonly images: Readonly<Record<Color, pulumi.Input<string>>>;
  /** ECR repositories the tasks pull from (ARNs). */
  readonly repositoryArns: pulumi.Input<string>[];
  readonly privateSubnetIds: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  readonly targetGroupArns: Readonly<Record<Color, pulumi.Input<string>>>;
  /** The production listener: services wait for it, so no target group is used before it is. */
  readonly listener: pulumi.Resource;
  /** Database and Redis secrets and the non-secret connection details. */
  readonly secrets: SecretRefs;
  /** Plain connection details (host names, ports, database name): not secrets. */
  readonly connection: Readonly<Record<string, pulumi.Input<string>>>;
  /** The data key the secrets are encrypted with. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * The app on ECS Fargate: a cluster with Container Insights, a log group with retention, an
 * execution role that may read exactly the app's secrets and a task role of its own, and one
 * service per colour on its own target group, with the deployment circuit breaker (rollback),
 * CPU target tracking, private subnets and no public IP.
 */
export class AppService extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly services: Readonly<Record<Color, aws.ecs.Service>>;
  readonly serviceNames: Readonly<Record<Color, string>>;

  constructor(name: string, args: AppServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:app:AppService", name, {}, opts);
    const app = args.settings;
    const parent = { parent: this };

    this.cluster = new aws.ecs.Cluster(
      name,
      { settings: [{ name: "containerInsights", value: "enabled" }] },
      parent,
    );
    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { retentionInDays: app.logRetentionDays },
      parent,
    );
    const executionRole = taskRole(
      `${name}-execution`,
      {
        description: `ECS execution role of ${name}: pull, log, read the app's secrets`,
        accountId: args.accountId,
        statements: executionStatements({
          repositoryArns: args.repositoryArns,
          logGroupArn: this.logGroup.arn,
          secretArns: [args.secrets.databaseSecretArn, args.secrets.redisTokenSecretArn],
          kmsKeyArn: args.kmsKeyArn,
          region: args.region,
        }),
      },
      parent,
    );
    const appRole = taskRole(
      `${name}-task`,
      {
        description: `Task role of ${name}: no AWS permissions`,
        accountId: args.accountId,
        statements: [],
      },
      parent,
    );

    const services = {} as Record<Color, aws.ecs.Service>;
    const serviceNames = {} as Record<Color, string>;
    for (const color of colors) {
      const taskDefinition = new aws.ecs.TaskDefinition(
        `${name}-${color}`,
        {
          family: `${name}-${color}`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(app.cpu),
          memory: String(app.memoryMb),
          runtimePlatform: {
            operatingSystemFamily: "LINUX",
            cpuArchitecture: app.platform === "linux/amd64" ? "X86_64" : "ARM64",
          },
          executionRoleArn: executionRole.arn,
          taskRoleArn: appRole.arn,
          volumes: [{ name: "tmp" }],
          containerDefinitions: pulumi.jsonStringify([
            appContainer({
              image: args.images[color],
              settings: app,
              color,
              logGroup: this.logGroup.name,
              region: args.region,
              secrets: args.secrets,
              connection: args.connection,
            }),
          ]),
        },
        parent,
      );
      serviceNames[color] = `${name}-${color}`;
      services[color] = new aws.ecs.Service(
        `${name}-${color}`,
        {
          name: serviceNames[color],
          cluster: this.cluster.arn,
          taskDefinition: taskDefinition.arn,
          launchType: "FARGATE",
          desiredCount: app.minTasks,
          networkConfiguration: {
            subnets: args.privateSubnetIds,
            securityGroups: [args.securityGroupId],
            assignPublicIp: false,
          },
          loadBalancers: [
            {
              targetGroupArn: args.targetGroupArns[color],
              containerName: "app",
              containerPort: ports.app,
            },
          ],
          healthCheckGracePeriodSeconds: app.healthCheckGraceSeconds,
          deploymentCircuitBreaker: { enable: true, rollback: true },
          deploymentMinimumHealthyPercent: 100,
          deploymentMaximumPercent: 200,
          propagateTags: "SERVICE",
          enableEcsManagedTags: true,
          tags: { color },
        },
        // Autoscaling owns the running count once the service exists.
        { parent: this, dependsOn: [args.listener], ignoreChanges: ["desiredCount"] },
      );
      const target = new aws.appautoscaling.Target(
        `${name}-${color}`,
        {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: pulumi.interpolate`service/${this.cluster.name}/${services[color].name}`,
          minCapacity: app.minTasks,
          maxCapacity: app.maxTasks,
        },
        parent,
      );
      new aws.appautoscaling.Policy(
        `${name}-${color}-cpu`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: {
              predefinedMetricType: "ECSServiceAverageCPUUtilization",
            },
            targetValue: app.cpuTargetPercent,
            scaleInCooldown: 300,
            scaleOutCooldown: 60,
          },
        },
        parent,
      );
    }
    this.services = services;
    this.serviceNames = serviceNames;
    this.registerOutputs({ clusterName: this.cluster.name, logGroupName: this.logGroup.name });
  }
}
