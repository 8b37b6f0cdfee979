import * as pulumi from "@pulumi/pulumi";
import { readStackSettings } from "../stacks/config";
import type { StackOutputs } from "../stacks/outputs";
import { platform, type ExportsOf } from "./program";

/**
 * The Pulumi program. Settings are read and validated before any resource is declared; the
 * returned object becomes the stack outputs and has exactly the fields of `StackOutputs`.
 */
// The data tier's share of the contract; the app, traffic and schedules complete it (issue 3).
type DataTierOutputs = Pick<
  StackOutputs,
  "stack" | "environment" | "region" | "database" | "redis" | "backup"
>;

export = async (): Promise<ExportsOf<DataTierOutputs>> => {
  const settings = readStackSettings();
  const p = platform(settings);
  return {
    stack: settings.stack,
    environment: settings.environment,
    region: settings.region,
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
    backup: pulumi.output({ bucket: p.backups.bucketName, dumpPrefix: settings.backup.dumpPrefix }),
  };
};
