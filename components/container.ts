import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../stacks/settings";
import { ports } from "./network";

/** The Secrets Manager secrets a task reads, by ARN. */
export interface SecretRefs {
  /** JSON secret `{username, password, dbname}` of the database's master user. */
  readonly databaseSecretArn: pulumi.Input<string>;
  /** Secret whose string is the Redis AUTH token. */
  readonly redisTokenSecretArn: pulumi.Input<string>;
}

/**
 * Secrets as ECS injects them: `valueFrom` a Secrets Manager ARN (a JSON key of it for the
 * database password), never a plain environment value.
 */
export function secretVariables(
  secrets: SecretRefs,
  names: SecretVariableNames = appSecretVariables,
): { name: string; valueFrom: pulumi.Input<string> }[] {
  return [
    {
      name: names.databasePassword,
      valueFrom: pulumi.interpolate`${secrets.databaseSecretArn}:password::`,
    },
    { name: names.redisAuthToken, valueFrom: secrets.redisTokenSecretArn },
  ];
}

/** The environment variable names a container reads its two secrets from. */
export interface SecretVariableNames {
  readonly databasePassword: string;
  readonly redisAuthToken: string;
}

/** The names the app reads. */
export const appSecretVariables: SecretVariableNames = {
  databasePassword: "DATABASE_PASSWORD",
  redisAuthToken: "REDIS_PASSWORD",
};

/** Plain environment entries, sorted by name. */
export function environmentList(vars: Readonly<Record<string, pulumi.Input<string>>>) {
  return Object.keys(vars)
    .sort()
    .map((name) => ({ name, value: vars[name] }));
}

/** The awslogs driver writing to one log group with a stream prefix. */
export function awslogs(logGroup: pulumi.Input<string>, region: string, prefix: string) {
  return {
    logDriver: "awslogs",
    options: {
      "awslogs-group": logGroup,
      "awslogs-region": region,
      "awslogs-stream-prefix": prefix,
    },
  };
}

/** The app's container: non-root, read-only root filesystem, port 4000, secrets by reference. */
export function appContainer(args: {
  readonly image: pulumi.Input<string>;
  readonly settings: Settings["app"];
  readonly color: string;
  readonly logGroup: pulumi.Input<string>;
  readonly region: string;
  readonly secrets: SecretRefs;
  readonly connection: Readonly<Record<string, pulumi.Input<string>>>;
}) {
  const { settings } = args;
  return {
    name: "app",
    image: args.image,
    essential: true,
    user: settings.user,
    readonlyRootFilesystem: settings.readonlyRootFilesystem,
    portMappings: [{ containerPort: ports.app, protocol: "tcp" }],
    environment: environmentList({
      ...settings.environment,
      ...args.connection,
      PORT: String(ports.app),
      APP_COLOR: args.color,
    }),
    secrets: secretVariables(args.secrets),
    mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: 30,
    logConfiguration: awslogs(args.logGroup, args.region, `app-${args.color}`),
  };
}
