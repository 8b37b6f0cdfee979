import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rdsPasswordAlphabet } from "../stacks/aws-rules";
import type { Settings } from "../stacks/settings";
import { databaseParameters, parameterGroupFamily } from "./database-parameters";
import { DatabaseRoles, roleNames } from "./database-roles";
import { generatedSecret } from "./secrets";

export interface DatabaseArgs {
  /** The stack's database settings (identifier, sizes, retention, protection, ...). */
  readonly settings: Settings["database"];
  /** Private subnets the instance may be placed in (at least two AZs). */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security group that admits 5432 from the app and operations tasks only. */
  readonly securityGroupId: pulumi.Input<string>;
  /** KMS key for storage, Performance Insights and the credentials secret. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Apply changes now rather than in the maintenance window. Default false. */
  readonly applyImmediately?: boolean;
}

/**
 * RDS PostgreSQL: private, encrypted, with Performance Insights, log exports, a parameter group
 * that preloads pg_stat_statements, automated backups (the source of point-in-time recovery) and
 * a generated master password kept in Secrets Manager. With `manageRoles`, also the in-database
 * roles and extensions (the deployer must then reach the database).
 */
export class Database extends pulumi.ComponentResource {
  readonly instance: aws.rds.Instance;
  readonly parameterGroup: aws.rds.ParameterGroup;
  /** ARN of the secret holding `{username, password, host, port, dbname}`. */
  readonly secretArn: pulumi.Output<string>;
  readonly host: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /**
   * The credentials the app connects with: the `ai_skills_app` role when `manageRoles` is on,
   * else the master user (RDS has no other until someone creates one).
   */
  readonly appCredentials: { readonly username: string; readonly secretArn: pulumi.Output<string> };

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:database:Database", name, {}, opts);
    const db = args.settings;
    const parent = { parent: this };

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { subnetIds: args.subnetIds, description: `Private subnets of ${db.identifier}` },
      parent,
    );
    this.parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: parameterGroupFamily(db.engineVersion),
        description: `${db.identifier}: pg_stat_statements preloaded, slow statements logged`,
        parameters: databaseParameters(db),
      },
      parent,
    );

    const master = generatedSecret(
      `${name}-master`,
      {
        length: db.passwordLength,
        alphabet: rdsPasswordAlphabet,
        description: `Master credentials of RDS instance ${db.identifier}`,
        kmsKeyId: args.kmsKeyArn,
        secretString: (password) =>
          pulumi.jsonStringify({ username: db.masterUsername, password, dbname: db.databaseName }),
      },
      parent,
    );

    this.instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        identifier: db.identifier,
        engine: "postgres",
        engineVersion: db.engineVersion,
        instanceClass: db.instanceClass,
        allocatedStorage: db.allocatedStorageGb,
        maxAllocatedStorage: db.maxAllocatedStorageGb,
        storageType: "gp3",
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        dbName: db.databaseName,
        username: db.masterUsername,
        password: master.value,
        port: 5432,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        publiclyAccessible: false,
        multiAz: db.multiAz,
        parameterGroupName: this.parameterGroup.name,
        backupRetentionPeriod: db.backupRetentionDays,
        backupWindow: db.backupWindow,
        maintenanceWindow: db.maintenanceWindow,
        copyTagsToSnapshot: true,
        deletionProtection: db.deletionProtection,
        skipFinalSnapshot: db.skipFinalSnapshot,
        finalSnapshotIdentifier: db.finalSnapshotIdentifier,
        autoMinorVersionUpgrade: true,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: args.kmsKeyArn,
        performanceInsightsRetentionPeriod: db.performanceInsightsRetentionDays,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        iamDatabaseAuthenticationEnabled: true,
        applyImmediately: args.applyImmediately ?? false,
      },
      { parent: this, protect: db.deletionProtection },
    );

    let roles: DatabaseRoles | undefined;
    if (db.manageRoles) {
      roles = new DatabaseRoles(
        `${name}-roles`,
        {
          host: this.instance.address,
          port: this.instance.port,
          databaseName: db.databaseName,
          masterUsername: db.masterUsername,
          masterPassword: master.value,
          kmsKeyArn: args.kmsKeyArn,
        },
        parent,
      );
    }

    this.secretArn = master.secret.arn;
    this.appCredentials = roles
      ? { username: roleNames.app, secretArn: roles.secretArns.app }
      : { username: db.masterUsername, secretArn: this.secretArn };
    this.host = this.instance.address;
    this.port = this.instance.port;
    this.registerOutputs({ secretArn: this.secretArn, host: this.host, port: this.port });
  }
}
