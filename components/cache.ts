import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { elasticacheTokenAlphabet } from "../stacks/aws-rules";
import type { Settings } from "../stacks/settings";
import { generatedSecret } from "./secrets";

export interface CacheArgs {
  /** The stack's cache settings (node type, nodes, failover, snapshots, ...). */
  readonly settings: Settings["cache"];
  /** Private subnets for the nodes. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security group that admits 6379 from the app and operations tasks only. */
  readonly securityGroupId: pulumi.Input<string>;
  /** KMS key for at-rest encryption and the AUTH token secret. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Daily snapshot window, UTC. Default 02:00-03:00 (before the database's backup window). */
  readonly snapshotWindow?: string;
  /** Weekly maintenance window, UTC. Default sun:05:30-sun:06:30 (after the database's). */
  readonly maintenanceWindow?: string;
  /** Apply changes now rather than in the maintenance window. Default false. */
  readonly applyImmediately?: boolean;
}

/**
 * ElastiCache Redis (cluster mode off): encrypted at rest and in transit, an AUTH token generated
 * from ElastiCache's own alphabet and kept in Secrets Manager, automatic failover and Multi-AZ per
 * settings, daily snapshots.
 */
export class Cache extends pulumi.ComponentResource {
  readonly replicationGroup: aws.elasticache.ReplicationGroup;
  /** ARN of the secret whose string is the AUTH token. */
  readonly authTokenSecretArn: pulumi.Output<string>;
  readonly host: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:cache:Cache", name, {}, opts);
    const cache = args.settings;
    const parent = { parent: this };

    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { subnetIds: args.subnetIds, description: `Private subnets of ${cache.replicationGroupId}` },
      parent,
    );
    const token = generatedSecret(
      `${name}-auth`,
      {
        length: cache.authTokenLength,
        alphabet: elasticacheTokenAlphabet,
        description: `AUTH token of Redis replication group ${cache.replicationGroupId}`,
        kmsKeyId: args.kmsKeyArn,
      },
      parent,
    );

    this.replicationGroup = new aws.elasticache.ReplicationGroup(
      `${name}-redis`,
      {
        replicationGroupId: cache.replicationGroupId,
        description: `Redis for ${cache.replicationGroupId}`,
        engine: "redis",
        engineVersion: cache.engineVersion,
        nodeType: cache.nodeType,
        numCacheClusters: cache.nodes,
        port: 6379,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [args.securityGroupId],
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        transitEncryptionEnabled: cache.transitEncryption,
        authToken: token.value,
        automaticFailoverEnabled: cache.automaticFailover,
        multiAzEnabled: cache.multiAz,
        snapshotRetentionLimit: cache.snapshotRetentionDays,
        snapshotWindow: args.snapshotWindow ?? "02:00-03:00",
        maintenanceWindow: args.maintenanceWindow ?? "sun:05:30-sun:06:30",
        autoMinorVersionUpgrade: true,
        applyImmediately: args.applyImmediately ?? false,
      },
      parent,
    );

    this.authTokenSecretArn = token.secret.arn;
    this.host = this.replicationGroup.primaryEndpointAddress;
    this.port = this.replicationGroup.port.apply((port) => port ?? 6379);
    this.registerOutputs({ authTokenSecretArn: this.authTokenSecretArn, host: this.host });
  }
}
