import * as aws from "@pulumi/aws";
import {
  validateResourceOfType,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type ReportViolation,
} from "@pulumi/policy";
import { asList, configWithDefaults, defaultLevel, guardUnknowns, known, show } from "./support";

/**
 * Security group checks over the three ways a rule is declared: inline `ingress`/`egress` on
 * `aws.ec2.SecurityGroup`, `aws.ec2.SecurityGroupRule`, and the current
 * `aws.vpc.SecurityGroupIngressRule` / `SecurityGroupEgressRule`.
 *
 * World ingress is allowed only on ports 80 and 443 and only on the load balancer's group. A
 * rule cannot see its group, so the load balancer's rules are recognised by the logical name of
 * the rule (inline rules: of the group), or by the group id when it is readable and names the
 * group (the offline plan's ids do): config `loadBalancerNamePattern`, case-insensitive.
 */

const worldCidrs = ["0.0.0.0/0", "::/0"];

/** One rule in a common shape, with the path of its fields for messages. */
interface Rule {
  readonly path: string;
  readonly direction: "ingress" | "egress";
  readonly cidrs: string[];
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly protocol: string | undefined;
  readonly description: string | undefined;
}

type InlineRule = {
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
  fromPort?: number;
  toPort?: number;
  protocol?: string;
  description?: string;
};

/** The rules a resource declares, in the common shape; non-rule resources give none. */
export function rulesOf(args: ResourceValidationArgs): Rule[] {
  const props = args.props;
  const inline = (direction: "ingress" | "egress"): Rule[] =>
    (asList(known(props[direction], direction)) as InlineRule[]).map((r, i) => ({
      path: `${direction}[${i}]`,
      direction,
      cidrs: [
        ...asList(known(r.cidrBlocks, `${direction}[${i}].cidrBlocks`)),
        ...asList(known(r.ipv6CidrBlocks, `${direction}[${i}].ipv6CidrBlocks`)),
      ] as string[],
      fromPort: known(r.fromPort, `${direction}[${i}].fromPort`),
      toPort: known(r.toPort, `${direction}[${i}].toPort`),
      protocol: known(r.protocol, `${direction}[${i}].protocol`),
      description: known(r.description, `${direction}[${i}].description`),
    }));

  if (args.isType(aws.ec2.SecurityGroup)) {
    return [...inline("ingress"), ...inline("egress")];
  }
  if (args.isType(aws.ec2.SecurityGroupRule)) {
    return [
      {
        path: "rule",
        direction: known(props.type, "type") === "egress" ? "egress" : "ingress",
        cidrs: [
          ...asList(known(props.cidrBlocks, "cidrBlocks")),
          ...asList(known(props.ipv6CidrBlocks, "ipv6CidrBlocks")),
        ] as string[],
        fromPort: known(props.fromPort, "fromPort"),
        toPort: known(props.toPort, "toPort"),
        protocol: known(props.protocol, "protocol"),
        description: known(props.description, "description"),
      },
    ];
  }
  const ingress = args.isType(aws.vpc.SecurityGroupIngressRule);
  if (ingress || args.isType(aws.vpc.SecurityGroupEgressRule)) {
    return [
      {
        path: "rule",
        direction: ingress ? "ingress" : "egress",
        cidrs: [known(props.cidrIpv4, "cidrIpv4"), known(props.cidrIpv6, "cidrIpv6")].filter(
          (c): c is string => typeof c === "string",
        ),
        fromPort: known(props.fromPort, "fromPort"),
        toPort: known(props.toPort, "toPort"),
        protocol: known(props.ipProtocol, "ipProtocol"),
        description: known(props.description, "description"),
      },
    ];
  }
  return [];
}

/** A policy over every resource type that declares security group rules. */
function rulePolicy(
  policy: Omit<ResourceValidationPolicy, "validateResource" | "enforcementLevel">,
  check: (rules: Rule[], args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidationPolicy {
  const validate = guardUnknowns<unknown>((_props, args, report) =>
    check(rulesOf(args), args, report),
  );
  return {
    ...policy,
    enforcementLevel: defaultLevel,
    validateResource: [
      validateResourceOfType(aws.ec2.SecurityGroup, validate),
      validateResourceOfType(aws.ec2.SecurityGroupRule, validate),
      validateResourceOfType(aws.vpc.SecurityGroupIngressRule, validate),
      validateResourceOfType(aws.vpc.SecurityGroupEgressRule, validate),
    ],
  };
}

const allowedWorldPorts = [80, 443];

export const sgNoWorldIngress = rulePolicy(
  {
    name: "sg-no-world-ingress",
    description:
      "No ingress from 0.0.0.0/0 or ::/0, except the load balancer's group on ports 80 and 443.",
    configSchema: {
      properties: {
        loadBalancerNamePattern: {
          type: "string",
          default: "(^|[^a-z])(alb|lb|load[- ]balancer)([^a-z]|$)",
          description: "Regular expression on the logical name of the load balancer's rules.",
        },
      },
    },
  },
  (rules, args, report) => {
    const { loadBalancerNamePattern } = configWithDefaults(args, {
      loadBalancerNamePattern: "(^|[^a-z])(alb|lb|load[- ]balancer)([^a-z]|$)",
    });
    const pattern = new RegExp(loadBalancerNamePattern, "i");
    const groupId = Object.getOwnPropertyDescriptor(args.props, "securityGroupId")?.value;
    const isLoadBalancer = [args.name, typeof groupId === "string" ? groupId : ""].some((text) =>
      pattern.test(text),
    );
    for (const rule of rules) {
      const world = rule.cidrs.filter((c) => worldCidrs.includes(c));
      if (rule.direction !== "ingress" || world.length === 0) {
        continue;
      }
      const webPort =
        rule.fromPort !== undefined &&
        rule.fromPort === rule.toPort &&
        allowedWorldPorts.includes(rule.fromPort) &&
        (rule.protocol === "tcp" || rule.protocol === "6");
      if (!(isLoadBalancer && webPort)) {
        report(
          `${rule.path} allows ${world.join(", ")} on ports ${show(rule.fromPort)}-` +
            `${show(rule.toPort)}; only the load balancer may be open to the world, ` +
            `on tcp 80 and 443.`,
        );
      }
    }
  },
);

export const sgRulesDescribed = rulePolicy(
  {
    name: "sg-rules-described",
    description: "Every security group rule has a description.",
  },
  (rules, _args, report) => {
    for (const rule of rules) {
      if (rule.description === undefined || rule.description.trim() === "") {
        report(`${rule.path} has no description; say what the rule is for.`);
      }
    }
  },
);

export const sgGroupDescribed: ResourceValidationPolicy = {
  name: "sg-group-described",
  description: "Every security group has a description other than the provider's default.",
  enforcementLevel: defaultLevel,
  validateResource: validateResourceOfType(
    aws.ec2.SecurityGroup,
    guardUnknowns((group, _args, report) => {
      const description = known(group.description, "description");
      if (description === undefined || description === "Managed by Pulumi") {
        report(`description is ${show(description)}; say what the group is for.`);
      }
    }),
  ),
};

export const securityGroupPolicies = [sgNoWorldIngress, sgRulesDescribed, sgGroupDescribed];
