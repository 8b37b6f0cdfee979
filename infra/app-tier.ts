import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  cacheAlarms,
  databaseAlarms,
  loadBalancerAlarms,
  operationsAlarms,
  serviceAlarms,
} from "../components/alarm-specs";
import { AlarmTopic, Alarms } from "../components/alarms";
import { AppService } from "../components/app-service";
import type { BackupBucket } from "../components/backup-bucket";
import type { Cache } from "../components/cache";
import type { SecretRefs } from "../components/container";
import { contentTag } from "./content-tag";
import * as path from "node:path";

/**
 * The project root (where Pulumi.yaml is): build contexts resolve from here, whatever working
 * directory the Pulumi CLI runs the program in (`main: infra/` may make it infra/).
 */
const projectRoot = path.resolve(__dirname, "..");
import type { Database } from "../components/database";
import { ImageRepository } from "../components/ecr";
import type { Network } from "../components/network";
import { ScheduledTasks } from "../components/scheduled-tasks";
import type { Statement } from "../components/task-roles";
import type { Traffic } from "../components/traffic";
import { colors, type Color } from "../stacks/outputs";
import type { Settings } from "../stacks/settings";

/** The parts of the platform the app tier is wired to. */
export interface AppTierInputs {
  readonly base: string;
  readonly accountId: pulumi.Output<string>;
  readonly network: Network;
  readonly key: aws.kms.Key;
  readonly database: Database;
  readonly cache: Cache;
  readonly backups: BackupBucket;
  readonly traffic: Traffic;
  /** Outputs the runbook reads, except those the app tier itself produces. */
  readonly runbookOutputs: (tier: {
    readonly images: Record<Color, pulumi.Output<string>>;
    readonly app: AppService;
    readonly topic: AlarmTopic;
  }) => pulumi.Input<Record<string, unknown>>;
}

/** ECR, the app's services, the alarm topic, the scheduled runbook tasks and the alarms. */
export function appTier(
  settings: Settings,
  p: AppTierInputs,
  opts: pulumi.ComponentResourceOptions,
) {
  const { base, network, traffic } = p;
  // The app connects as its own role when the stack manages roles; the runbook, which creates
  // scratch databases and vacuums, always as the master user.
  const appSecrets: SecretRefs = {
    databaseSecretArn: p.database.appCredentials.secretArn,
    redisTokenSecretArn: p.cache.authTokenSecretArn,
  };
  const secrets: SecretRefs = {
    databaseSecretArn: p.database.secretArn,
    redisTokenSecretArn: p.cache.authTokenSecretArn,
  };

  const appRepo = new ImageRepository(
    `${base}-app`,
    {
      keepImages: settings.app.keepImages,
      build:
        settings.app.build === null
          ? undefined
          : {
              ...settings.app.build,
              context: path.resolve(projectRoot, settings.app.build.context),
              platform: settings.app.platform,
            },
    },
    opts,
  );
  const images = {} as Record<Color, pulumi.Output<string>>;
  for (const color of colors) {
    const image = settings.app.images[color];
    images[color] =
      image === "build" && appRepo.imageRef ? appRepo.imageRef : pulumi.output(String(image));
  }
  const opsRepo = new ImageRepository(
    `${base}-ops`,
    {
      keepImages: 10,
      build: {
        context: projectRoot,
        dockerfile: "ops/Dockerfile",
        tag: contentTag("runbook", projectRoot, "ops/Dockerfile"),
        platform: settings.schedules.platform,
      },
    },
    opts,
  );

  const app = new AppService(
    `${base}-app`,
    {
      settings: settings.app,
      region: settings.region,
      accountId: p.accountId,
      images,
      repositoryArns: [appRepo.repository.arn, ...externalRepositoryArns(settings)],
      privateSubnetIds: network.privateSubnetIds,
      securityGroupId: network.securityGroups.app.id,
      targetGroupArns: {
        blue: traffic.targetGroups.blue.arn,
        green: traffic.targetGroups.green.arn,
      },
      listener: traffic.productionListener,
      secrets: appSecrets,
      connection: {
        DATABASE_HOST: p.database.host,
        DATABASE_PORT: p.database.port.apply(String),
        DATABASE_NAME: settings.database.databaseName,
        DATABASE_USER: p.database.appCredentials.username,
        REDIS_HOST: p.cache.host,
        REDIS_PORT: p.cache.port.apply(String),
        REDIS_TLS: String(settings.cache.transitEncryption),
      },
      kmsKeyArn: p.key.arn,
    },
    opts,
  );
  const topic = new AlarmTopic(
    `${base}-alarms`,
    { accountId: p.accountId, subscriptions: settings.alarms.subscriptions },
    opts,
  );

  const ops = new ScheduledTasks(
    `${base}-ops`,
    {
      settings: settings.schedules,
      region: settings.region,
      accountId: p.accountId,
      clusterArn: app.cluster.arn,
      image: opsRepo.imageRef ?? opsRepo.repositoryUrl,
      repositoryArn: opsRepo.repository.arn,
      privateSubnetIds: network.privateSubnetIds,
      securityGroupId: network.securityGroups.ops.id,
      secrets,
      kmsKeyArn: p.key.arn,
      logRetentionDays: settings.app.logRetentionDays,
      taskStatements: opsStatements(settings, p, app, [
        appRepo.repository.arn,
        ...externalRepositoryArns(settings),
      ]),
      runbookOutputs: p.runbookOutputs({ images, app, topic }),
    },
    opts,
  );

  const watched = {
    loadBalancer: traffic.loadBalancer.arnSuffix,
    targetGroups: {
      blue: traffic.targetGroups.blue.arnSuffix,
      green: traffic.targetGroups.green.arnSuffix,
    },
    clusterName: app.cluster.name,
    serviceNames: app.serviceNames,
    scheduleGroup: ops.scheduleGroup.name,
    stack: settings.stack,
  };
  const a = settings.alarms;
  const alarms = new Alarms(
    `${base}-alarm`,
    {
      topicArn: topic.arn,
      specs: [
        ...loadBalancerAlarms(a, watched),
        ...serviceAlarms(a, settings.app.minTasks, watched),
        ...databaseAlarms(a, settings.database),
        ...cacheAlarms(a, settings.cache),
        ...operationsAlarms(a, watched),
      ],
    },
    opts,
  );
  return { appRepo, opsRepo, images, app, topic, ops, alarms };
}

/** ECR repositories outside this stack that the images per colour reference. */
export function externalRepositoryArns(settings: Settings): string[] {
  const arns = new Set<string>();
  for (const color of colors) {
    const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(
      settings.app.images[color] ?? "",
    );
    if (match) arns.add(`arn:aws:ecr:${match[2]}:${match[1]}:repository/${match[3]}`);
  }
  return [...arns];
}

/** What the runbook may do: backups in the bucket, its metrics, the app's logs, its secrets. */
function opsStatements(
  settings: Settings,
  p: AppTierInputs,
  app: AppService,
  appRepositoryArns: pulumi.Input<string>[],
): Statement[] {
  const bucket = p.backups.bucketArn;
  return [
    { Sid: "ListBackups", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket },
    {
      Sid: "ReadWriteBackups",
      Effect: "Allow",
      // Abort: a failed multipart upload of a dump is cleaned up at once, not by the lifecycle.
      Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: pulumi.interpolate`${bucket}/*`,
    },
    {
      Sid: "DataKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: p.key.arn,
    },
    {
      Sid: "PublishMetrics",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": settings.alarms.metricsNamespace } },
    },
    { Sid: "ReadMetrics", Effect: "Allow", Action: "cloudwatch:GetMetricData", Resource: "*" },
    {
      Sid: "ReadAppLogs",
      Effect: "Allow",
      Action: ["logs:FilterLogEvents", "logs:StartQuery"],
      Resource: pulumi.interpolate`${app.logGroup.arn}:*`,
    },
    {
      Sid: "ReadQueryResults",
      Effect: "Allow",
      Action: ["logs:GetQueryResults", "logs:StopQuery"],
      Resource: "*",
    },
    {
      Sid: "ReadImageScans",
      Effect: "Allow",
      // The repositories the app's images come from: built here, or given (another account's).
      Action: "ecr:DescribeImageScanFindings",
      Resource: appRepositoryArns,
    },
    {
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [p.database.secretArn, p.cache.authTokenSecretArn],
    },
  ];
}
