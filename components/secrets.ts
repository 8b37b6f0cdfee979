import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { SecretAlphabet } from "../stacks/aws-rules";

/**
 * A generated secret drawn only from an alphabet the target service accepts, stored in Secrets
 * Manager. `value` is a Pulumi secret; it is never exported.
 */
export function generatedSecret(
  name: string,
  args: {
    readonly length: number;
    readonly alphabet: SecretAlphabet;
    readonly description: string;
    readonly kmsKeyId: pulumi.Input<string>;
    /** Builds the stored secret string from the generated value. Default: the value itself. */
    readonly secretString?: (value: pulumi.Output<string>) => pulumi.Input<string>;
    /** Days Secrets Manager waits before deleting the secret (7-30). Default 7. */
    readonly recoveryWindowInDays?: number;
  },
  opts: pulumi.CustomResourceOptions,
) {
  const password = new random.RandomPassword(
    name,
    {
      length: args.length,
      special: true,
      overrideSpecial: args.alphabet.specials,
      minUpper: 1,
      minLower: 1,
      minNumeric: 1,
      minSpecial: 1,
    },
    opts,
  );
  const secret = new aws.secretsmanager.Secret(
    name,
    {
      description: args.description,
      kmsKeyId: args.kmsKeyId,
      recoveryWindowInDays: args.recoveryWindowInDays ?? 7,
    },
    opts,
  );
  const value = pulumi.secret(password.result);
  new aws.secretsmanager.SecretVersion(
    name,
    {
      secretId: secret.id,
      secretString: args.secretString ? args.secretString(value) : value,
    },
    opts,
  );
  return { value, secret };
}
