import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { StackOutputs } from "../../stacks/outputs";
import { BadInputError, UnreachableError } from "../core/errors";
import { Redactor } from "../core/redactor";

/** Environment variables that override Secrets Manager (for a task or a local run). */
export { databasePasswordEnvVar, redisAuthTokenEnvVar } from "../../stacks/runbook-env";
import { databasePasswordEnvVar, redisAuthTokenEnvVar } from "../../stacks/runbook-env";

/**
 * The value a secret ARN output holds when the target has no such secret (the local target:
 * trust authentication, Redis without AUTH).
 */
export const noSecret = "none";

/** Where a secret comes from, for an error that tells the operator what to check. */
export function secretSource(arn: string, envVar: string): string {
  return arn === noSecret ? envVar : `the secret ${arn} or ${envVar}`;
}

/** Reads a secret's string by ARN. The real one is Secrets Manager; tests mock the SDK. */
export interface SecretStore {
  secretString(arn: string): Promise<string>;
}

export class SecretsManagerStore implements SecretStore {
  constructor(private readonly client: SecretsManagerClient) {}

  static forRegion(region: string): SecretsManagerStore {
    return new SecretsManagerStore(new SecretsManagerClient({ region }));
  }

  async secretString(arn: string): Promise<string> {
    let value: string | undefined;
    try {
      const response = await this.client.send(new GetSecretValueCommand({ SecretId: arn }));
      value = response.SecretString;
    } catch (error) {
      throw new UnreachableError(
        `cannot read secret ${arn} from Secrets Manager (${nameOf(error)}); ` +
          "check AWS credentials and secretsmanager:GetSecretValue on it",
      );
    }
    if (value === undefined) {
      throw new BadInputError(`secret ${arn} has no string value; store it as a SecretString`);
    }
    return value;
  }
}

/** The SDK error's name only: its message could, in principle, quote the request. */
function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : "unknown error";
}

/** The secrets a command needs, read once and registered with the redactor. */
export class TargetSecrets {
  constructor(
    private readonly outputs: StackOutputs,
    private readonly env: NodeJS.ProcessEnv,
    private readonly store: () => SecretStore,
    private readonly redactor: Redactor,
  ) {}

  /** Database password: RUNBOOK_DATABASE_PASSWORD, else the `password` of the secret JSON. */
  async databasePassword(): Promise<string | undefined> {
    const fromEnv = this.env[databasePasswordEnvVar];
    if (fromEnv !== undefined && fromEnv.length > 0) return this.remember(fromEnv);

    const arn = this.outputs.database.secretArn;
    if (arn === noSecret) return undefined;
    const text = await this.store().secretString(arn);
    let password: unknown;
    try {
      password = (JSON.parse(text) as { password?: unknown }).password;
    } catch {
      throw new BadInputError(`secret ${arn} is not JSON; expected {"username", "password"}`);
    }
    if (typeof password !== "string" || password.length === 0) {
      throw new BadInputError(`secret ${arn} has no "password" string; expected {"password"}`);
    }
    return this.remember(password);
  }

  /** Redis AUTH token: RUNBOOK_REDIS_AUTH_TOKEN, else the secret string itself. */
  async redisAuthToken(): Promise<string | undefined> {
    const fromEnv = this.env[redisAuthTokenEnvVar];
    if (fromEnv !== undefined && fromEnv.length > 0) return this.remember(fromEnv);

    const arn = this.outputs.redis.authTokenSecretArn;
    if (arn === noSecret) return undefined;
    return this.remember(await this.store().secretString(arn));
  }

  private remember(secret: string): string {
    this.redactor.add(secret);
    return secret;
  }
}
