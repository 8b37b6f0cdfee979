import type {
  PolicyProviderResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from "@pulumi/policy";
import { configWithDefaults, defaultLevel, guardResource, isUnknown, known } from "./support";

/**
 * Required tags on every taggable resource.
 *
 * The project sets its tags once, as `defaultTags` on the AWS provider; those never appear in a
 * resource's own `tags` input. So a resource's tags are the union of:
 *
 * - the provider's `defaultTags.tags` (`args.provider.props`; the engine sends provider inputs,
 *   whose nested values may arrive as a JSON string);
 * - `tagsAll`, when the provider has already merged the defaults into it;
 * - the resource's own `tags`.
 *
 * A tag whose value is unknown counts as present: the key is what is checked. When `tags` as a
 * whole is unknown and the key is found nowhere else, the policy reports that it cannot verify.
 */

/**
 * Type tokens of the taggable AWS resources this project declares (an explicit list, so a new
 * resource type is a deliberate addition). `test/policies/tags.test.ts` checks that each one
 * accepts a `tags` input in the installed SDK.
 */
export const taggableTypes: readonly string[] = [
  "aws:appautoscaling/target:Target",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:ec2/eip:Eip",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:ecr/repository:Repository",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/service:Service",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:iam/policy:Policy",
  "aws:iam/role:Role",
  "aws:kms/key:Key",
  "aws:alb/listener:Listener",
  "aws:alb/loadBalancer:LoadBalancer",
  "aws:alb/targetGroup:TargetGroup",
  "aws:lb/listener:Listener",
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:rds/instance:Instance",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:scheduler/scheduleGroup:ScheduleGroup",
  "aws:secretsmanager/secret:Secret",
  "aws:sns/topic:Topic",
  "aws:sqs/queue:Queue",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
];

export const defaultRequiredTags = ["environment", "project", "owner", "cost-center"];

/** The keys of a tag map, or "unknown" when the map itself is unknown. */
function tagKeys(value: unknown): string[] | "unknown" {
  if (isUnknown(value)) {
    return "unknown";
  }
  if (typeof value === "string") {
    try {
      return tagKeys(JSON.parse(value));
    } catch {
      return [];
    }
  }
  return value !== null && typeof value === "object" ? Object.keys(value) : [];
}

/** The keys of the provider's default tags. */
export function providerDefaultTagKeys(provider: PolicyProviderResource | undefined): string[] {
  const raw = provider
    ? Object.getOwnPropertyDescriptor(provider.props, "defaultTags")?.value
    : undefined;
  const defaultTags = typeof raw === "string" && !isUnknown(raw) ? safeParse(raw) : raw;
  const keys = tagKeys((defaultTags as { tags?: unknown } | undefined)?.tags);
  return keys === "unknown" ? [] : keys;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads one input without tripping the unknown-checking proxy. */
function rawInput(args: ResourceValidationArgs, key: string): unknown {
  return Object.getOwnPropertyDescriptor(args.props, key)?.value;
}

export const requiredTags: ResourceValidationPolicy = {
  name: "required-tags",
  description: "Every taggable resource carries the required tags (own tags or provider defaults).",
  enforcementLevel: defaultLevel,
  configSchema: {
    properties: {
      requiredKeys: {
        type: "array",
        items: { type: "string" },
        default: defaultRequiredTags,
        description: "Tag keys every taggable resource must carry.",
      },
    },
  },
  validateResource: guardResource((args, report) => {
    if (!taggableTypes.includes(args.type)) {
      args.notApplicable(`${args.type} is not in the project's list of taggable types`);
    }
    const { requiredKeys } = configWithDefaults(args, { requiredKeys: defaultRequiredTags });

    const own = tagKeys(rawInput(args, "tags"));
    const merged = tagKeys(rawInput(args, "tagsAll"));
    const present = new Set([
      ...providerDefaultTagKeys(args.provider),
      ...(own === "unknown" ? [] : own),
      ...(merged === "unknown" ? [] : merged),
    ]);
    const missing = requiredKeys.filter((key) => !present.has(key));
    if (missing.length > 0 && own === "unknown") {
      known(rawInput(args, "tags"), "tags");
    }
    if (missing.length > 0) {
      report(
        `missing tag(s) ${missing.join(", ")}; set them in the provider's defaultTags or in tags.`,
      );
    }
  }),
};

export const tagPolicies = [requiredTags];
