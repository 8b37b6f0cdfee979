import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BackupBucket } from "../components/backup-bucket";
import { Cache } from "../components/cache";
import { Database } from "../components/database";
import { dataKey } from "../components/kms";
import { LogBucket } from "../components/log-bucket";
import { Network } from "../components/network";
import { Traffic } from "../components/traffic";
import { deploymentIssues } from "../stacks/app-rules";
import { appTier } from "./app-tier";
import { runbookOutputs } from "./stack-outputs";
import type { Settings } from "../stacks/settings";
import { projectName, SettingsError } from "../stacks/settings";

/** Tags every taggable resource carries, through the AWS provider's default tags. */
export function defaultTags(settings: Settings): Record<string, string> {
  return {
    environment: settings.environment,
    project: projectName,
    owner: settings.owner,
    "cost-center": settings.costCenter,
    stack: settings.stack,
    "managed-by": "pulumi",
  };
}

/** Every resource the platform declares, wired from one stack's validated settings. */
export function platform(settings: Settings) {
  const missing = deploymentIssues(settings);
  if (missing.length > 0) throw new SettingsError(settings.stack, missing);
  const base = `${projectName}-${settings.stack}`;
  const provider = new aws.Provider(base, {
    region: settings.region as aws.Region,
    defaultTags: { tags: defaultTags(settings) },
  });
  const opts = { providers: [provider] };

  const network = new Network(base, settings.network, opts);
  const key = dataKey(`${base}-data`, { provider });
  const database = new Database(
    `${base}-db`,
    {
      settings: settings.database,
      subnetIds: network.privateSubnetIds,
      securityGroupId: network.securityGroups.database.id,
      kmsKeyArn: key.arn,
      applyImmediately: settings.environment !== "prod",
    },
    opts,
  );
  const cache = new Cache(
    `${base}-cache`,
    {
      settings: settings.cache,
      subnetIds: network.privateSubnetIds,
      securityGroupId: network.securityGroups.cache.id,
      kmsKeyArn: key.arn,
      applyImmediately: settings.environment !== "prod",
    },
    opts,
  );
  const logs = new LogBucket(
    `${base}-logs`,
    { expireAfterDays: settings.traffic.accessLogDays },
    opts,
  );
  const backups = new BackupBucket(
    `${base}-backups`,
    {
      settings: settings.backup,
      kmsKeyArn: key.arn,
      accessLogs: { bucket: logs.bucketName, prefix: `${logs.s3Prefix}/backups/` },
    },
    opts,
  );
  const traffic = new Traffic(
    `${base}-lb`,
    {
      settings: settings.traffic,
      vpcId: network.vpcId,
      publicSubnetIds: network.publicSubnetIds,
      securityGroup: network.securityGroups.alb,
      natPublicIps: network.natPublicIps,
      testClientGroup: network.securityGroups.ops,
      accessLogs: { bucket: logs.bucketName, prefix: logs.albPrefix },
    },
    opts,
  );

  const accountId = aws.getCallerIdentityOutput({}, { provider }).accountId;
  const tier = appTier(
    settings,
    {
      base,
      accountId,
      network,
      key,
      database,
      cache,
      backups,
      traffic,
      runbookOutputs: (parts) =>
        pulumi.output(runbookOutputs(settings, { database, cache, backups, traffic, ...parts })),
    },
    opts,
  );

  return { provider, network, key, database, cache, logs, backups, traffic, ...tier };
}

export type Platform = ReturnType<typeof platform>;

/** Helper type: the program's exports, each value a Pulumi input of the contract's type. */
export type ExportsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };
