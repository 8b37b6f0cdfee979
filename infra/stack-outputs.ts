import * as pulumi from "@pulumi/pulumi";
import type { AlarmTopic } from "../components/alarms";
import type { AppService } from "../components/app-service";
import type { BackupBucket } from "../components/backup-bucket";
import type { Cache } from "../components/cache";
import type { Database } from "../components/database";
import type { Traffic } from "../components/traffic";
import type { Color, StackOutputs } from "../stacks/outputs";
import type { Settings } from "../stacks/settings";
import type { ExportsOf } from "./program";

/** Every output but the operations task's own ARN, which the scheduled tasks are handed. */
export type RunbookOutputs = ExportsOf<Omit<StackOutputs, "opsTaskDefinitionArn">>;

/** The stack outputs the runbook reads, from the settings and the declared resources. */
export function runbookOutputs(
  settings: Settings,
  p: {
    readonly database: Database;
    readonly cache: Cache;
    readonly backups: BackupBucket;
    readonly traffic: Traffic;
    readonly app: AppService;
    readonly topic: AlarmTopic;
    readonly images: Record<Color, pulumi.Output<string>>;
  },
): RunbookOutputs {
  const { traffic, app } = p;
  return {
    stack: settings.stack,
    environment: settings.environment,
    region: settings.region,
    appUrl: pulumi.interpolate`https://${traffic.hostName}`,
    testUrl: pulumi.interpolate`https://${traffic.hostName}:${settings.traffic.testListenerPort}`,
    liveColor: settings.traffic.liveColor,
    canaryPercent: settings.traffic.canaryPercent,
    images: pulumi.output(p.images),
    clusterName: app.cluster.name,
    serviceNames: app.serviceNames,
    targetGroupArns: pulumi.output({
      blue: traffic.targetGroups.blue.arn,
      green: traffic.targetGroups.green.arn,
    }),
    loadBalancerArn: traffic.loadBalancer.arn,
    productionListenerArn: traffic.productionListener.arn,
    testListenerArn: traffic.testListener.arn,
    appLogGroupName: app.logGroup.name,
    database: pulumi.output({
      host: p.database.host,
      port: p.database.port,
      name: settings.database.databaseName,
      username: settings.database.masterUsername,
      instanceIdentifier: settings.database.identifier,
      secretArn: p.database.secretArn,
    }),
    redis: pulumi.output({
      host: p.cache.host,
      port: p.cache.port,
      tls: settings.cache.transitEncryption,
      replicationGroupId: settings.cache.replicationGroupId,
      authTokenSecretArn: p.cache.authTokenSecretArn,
    }),
    backup: pulumi.output({
      bucket: p.backups.bucketName,
      dumpPrefix: settings.backup.dumpPrefix,
    }),
    alarmTopicArn: p.topic.arn,
    metricsNamespace: settings.alarms.metricsNamespace,
  };
}
