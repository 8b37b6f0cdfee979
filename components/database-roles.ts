import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { rdsPasswordAlphabet } from "../stacks/aws-rules";
import { requiredPreloadLibrary } from "./database-parameters";
import { generatedSecret } from "./secrets";

export interface DatabaseRolesArgs {
  readonly host: pulumi.Input<string>;
  readonly port: pulumi.Input<number>;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly masterPassword: pulumi.Input<string>;
  /** KMS key for the roles' credentials secrets. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** Names of the in-database roles. */
export const roleNames = { app: "ai_skills_app", readonly: "ai_skills_readonly" } as const;

/**
 * In-database roles through @pulumi/postgresql: `ai_skills_app` (read and write on the public
 * schema) and `ai_skills_readonly` (select only), each with a generated password in Secrets
 * Manager, and the pg_stat_statements extension. Runs where the deployer can reach the database
 * (a bastion, a VPN, or a deployment runner inside the VPC).
 */
export class DatabaseRoles extends pulumi.ComponentResource {
  /** ARN of the secret `{username, password}` of each role. */
  readonly secretArns: Readonly<Record<keyof typeof roleNames, pulumi.Output<string>>>;

  constructor(name: string, args: DatabaseRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:database:DatabaseRoles", name, {}, opts);

    const provider = new postgresql.Provider(
      `${name}-provider`,
      {
        host: args.host,
        port: args.port,
        database: args.databaseName,
        username: args.masterUsername,
        password: args.masterPassword,
        sslmode: "require",
        superuser: false,
        connectTimeout: 15,
      },
      { parent: this },
    );
    const inDatabase = { parent: this, provider };

    new postgresql.Extension(
      `${name}-${requiredPreloadLibrary}`,
      { name: requiredPreloadLibrary, database: args.databaseName },
      inDatabase,
    );

    const privileges = {
      app: ["SELECT", "INSERT", "UPDATE", "DELETE"],
      readonly: ["SELECT"],
    } as const;
    const secretArns: Partial<Record<keyof typeof roleNames, pulumi.Output<string>>> = {};
    for (const [kind, roleName] of Object.entries(roleNames) as [
      keyof typeof roleNames,
      string,
    ][]) {
      const credentials = generatedSecret(
        `${name}-${kind}`,
        {
          length: 32,
          alphabet: rdsPasswordAlphabet,
          description: `Credentials of database role ${roleName}`,
          kmsKeyId: args.kmsKeyArn,
          secretString: (password) => pulumi.jsonStringify({ username: roleName, password }),
        },
        { parent: this },
      );
      secretArns[kind] = credentials.secret.arn;
      const role = new postgresql.Role(
        `${name}-${kind}`,
        { name: roleName, login: true, password: credentials.value, connectionLimit: 50 },
        inDatabase,
      );
      new postgresql.Grant(
        `${name}-${kind}-connect`,
        {
          database: args.databaseName,
          role: role.name,
          objectType: "database",
          privileges: ["CONNECT"],
        },
        inDatabase,
      );
      new postgresql.Grant(
        `${name}-${kind}-schema`,
        {
          database: args.databaseName,
          role: role.name,
          schema: "public",
          objectType: "schema",
          privileges: ["USAGE"],
        },
        inDatabase,
      );
      new postgresql.Grant(
        `${name}-${kind}-tables`,
        {
          database: args.databaseName,
          role: role.name,
          schema: "public",
          objectType: "table",
          privileges: [...privileges[kind]],
        },
        inDatabase,
      );
      new postgresql.DefaultPrivileges(
        `${name}-${kind}-future-tables`,
        {
          database: args.databaseName,
          role: role.name,
          owner: args.masterUsername,
          schema: "public",
          objectType: "table",
          privileges: [...privileges[kind]],
        },
        inDatabase,
      );
    }
    this.secretArns = secretArns as Record<keyof typeof roleNames, pulumi.Output<string>>;
    this.registerOutputs({ secretArns: this.secretArns });
  }
}
