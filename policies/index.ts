import { PolicyPack } from "@pulumi/policy";
import { allPolicies, packName } from "./all";

/**
 * The CrossGuard entry point that `pulumi preview --policy-pack policies` runs. Constructing a
 * PolicyPack starts the policy server, so nothing else imports this module: tests and the
 * offline plan use `all.ts` and `evaluate.ts`. Every policy defaults to advisory; the stack's
 * pack config (`config/<stack>.json`) raises it.
 */
new PolicyPack(packName, {
  description:
    "Security controls for the AI Skills platform on AWS (S3, RDS, ElastiCache, ALB, ECS).",
  enforcementLevel: "advisory",
  policies: [...allPolicies],
});
