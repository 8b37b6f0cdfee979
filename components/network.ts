import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetCidrs } from "./network-cidrs";

export interface NetworkArgs {
  /** VPC CIDR block, a /16 to /20. No default: the stack's settings give it. */
  readonly cidrBlock: string;
  /** Availability zones spanned, at least 2. Default 2. */
  readonly availabilityZones?: number;
  /** One NAT gateway for the VPC (`single`) or one per AZ (`onePerAz`). Default `single`. */
  readonly natGateways?: "single" | "onePerAz";
}

/** Ports each tier listens on. */
export const ports = { http: 80, https: 443, app: 4000, postgres: 5432, redis: 6379 } as const;

/**
 * A VPC over several AZs with public subnets (ALB, NAT) and private subnets (tasks, database,
 * cache), and one security group per tier. Each tier accepts traffic only from the tier in front
 * of it: the ALB from the internet on 80 and 443, the app from the ALB on 4000, PostgreSQL and
 * Redis from the app and the operations tasks. Every rule has a description.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** Public IPs of the NAT gateways: the source address of anything in the VPC calling out. */
  readonly natPublicIps: pulumi.Output<string>[];
  /** Security group per tier. */
  readonly securityGroups: {
    readonly alb: aws.ec2.SecurityGroup;
    readonly app: aws.ec2.SecurityGroup;
    readonly ops: aws.ec2.SecurityGroup;
    readonly database: aws.ec2.SecurityGroup;
    readonly cache: aws.ec2.SecurityGroup;
  };

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:network:Network", name, {}, opts);
    const azCount = args.availabilityZones ?? 2;
    const natMode = args.natGateways ?? "single";
    if (azCount < 2) {
      throw new Error(`Network ${name}: \`availabilityZones\` is ${azCount}; use 2 or more`);
    }
    const cidrs = subnetCidrs(args.cidrBlock, azCount);
    const parent = { parent: this };

    const zones = aws.getAvailabilityZonesOutput({ state: "available" }, parent);
    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidrBlock,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: `${name}-vpc` },
      },
      parent,
    );
    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: { Name: `${name}-igw` } },
      parent,
    );

    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        tags: { Name: `${name}-public` },
      },
      parent,
    );

    const publicSubnets: aws.ec2.Subnet[] = [];
    const privateSubnets: aws.ec2.Subnet[] = [];
    const natGateways: aws.ec2.NatGateway[] = [];
    const natIps: aws.ec2.Eip[] = [];
    for (let az = 0; az < azCount; az++) {
      const zone = zones.names.apply((names) => zoneAt(names, az, name));
      const publicSubnet = new aws.ec2.Subnet(
        `${name}-public-${az}`,
        {
          vpcId: vpc.id,
          availabilityZone: zone,
          cidrBlock: cidrs.public[az],
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-public-${az}`, tier: "public" },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${az}`,
        { subnetId: publicSubnet.id, routeTableId: publicRoutes.id },
        parent,
      );
      publicSubnets.push(publicSubnet);

      if (natMode === "onePerAz" || az === 0) {
        const eip = new aws.ec2.Eip(
          `${name}-nat-${az}`,
          { domain: "vpc", tags: { Name: `${name}-nat-${az}` } },
          parent,
        );
        natIps.push(eip);
        natGateways.push(
          new aws.ec2.NatGateway(
            `${name}-nat-${az}`,
            {
              allocationId: eip.id,
              subnetId: publicSubnet.id,
              tags: { Name: `${name}-nat-${az}` },
            },
            { parent: this, dependsOn: [igw] },
          ),
        );
      }
      const nat = natGateways[natMode === "onePerAz" ? az : 0];
      const privateRoutes = new aws.ec2.RouteTable(
        `${name}-private-${az}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
          tags: { Name: `${name}-private-${az}` },
        },
        parent,
      );
      const privateSubnet = new aws.ec2.Subnet(
        `${name}-private-${az}`,
        {
          vpcId: vpc.id,
          availabilityZone: zone,
          cidrBlock: cidrs.private[az],
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-private-${az}`, tier: "private" },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${az}`,
        { subnetId: privateSubnet.id, routeTableId: privateRoutes.id },
        parent,
      );
      privateSubnets.push(privateSubnet);
    }

    const group = (tier: string, description: string) =>
      new aws.ec2.SecurityGroup(
        `${name}-${tier}`,
        { vpcId: vpc.id, description, tags: { Name: `${name}-${tier}`, tier } },
        parent,
      );
    const alb = group("alb", "Application load balancer: HTTPS and HTTP from the internet");
    const app = group("app", "App tasks: port 4000 from the load balancer only");
    const ops = group("ops", "Operations tasks (runbook): no inbound traffic");
    const database = group("database", "RDS PostgreSQL: 5432 from the app and operations tasks");
    const cache = group("cache", "ElastiCache Redis: 6379 from the app and operations tasks");
    this.securityGroups = { alb, app, ops, database, cache };

    const rules = new SecurityRules(name, this);
    for (const port of [ports.https, ports.http]) {
      rules.ingressFromCidr(alb, port, "0.0.0.0/0", `ALB from internet clients on ${port}`);
    }
    rules.between(alb, app, ports.app, "ALB to app tasks on the app port");
    for (const [source, label] of [
      [app, "app tasks"],
      [ops, "operations tasks"],
    ] as const) {
      rules.between(source, database, ports.postgres, `PostgreSQL from ${label}`);
      rules.between(source, cache, ports.redis, `Redis from ${label}`);
      rules.egressToCidr(
        source,
        ports.https,
        "0.0.0.0/0",
        `HTTPS from ${label} to AWS APIs, ECR and the app's public URL`,
      );
    }

    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.natPublicIps = natIps.map((eip) => eip.publicIp);
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}

function zoneAt(names: string[], index: number, network: string): string {
  const zone = names[index];
  if (zone === undefined) {
    throw new Error(
      `Network ${network}: the region has ${names.length} available AZs, ` +
        `fewer than the ${index + 1} asked for; lower \`availabilityZones\``,
    );
  }
  return zone;
}

/** Where a rule's traffic comes from or goes to: another security group, or an IPv4 CIDR. */
type Peer = { readonly group: aws.ec2.SecurityGroup } | { readonly cidr: pulumi.Input<string> };

/** Declares described, single-port TCP rules as separate rule resources named from the network. */
export class SecurityRules {
  constructor(
    private readonly network: string,
    private readonly parent: pulumi.Resource,
  ) {}

  /** `source` may send to `target` on `port`: an egress rule on one and an ingress on the other. */
  between(
    source: aws.ec2.SecurityGroup,
    target: aws.ec2.SecurityGroup,
    port: number,
    description: string,
  ): void {
    this.rule("out", source, port, { group: target }, description);
    this.rule("in", target, port, { group: source }, description);
  }

  ingressFromCidr(
    group: aws.ec2.SecurityGroup,
    port: number,
    cidr: pulumi.Input<string>,
    description: string,
  ) {
    return this.rule("in", group, port, { cidr }, description);
  }

  egressToCidr(group: aws.ec2.SecurityGroup, port: number, cidr: string, description: string) {
    return this.rule("out", group, port, { cidr }, description);
  }

  private rule(
    direction: "in" | "out",
    group: aws.ec2.SecurityGroup,
    port: number,
    peer: Peer,
    description: string,
  ): aws.vpc.SecurityGroupIngressRule | aws.vpc.SecurityGroupEgressRule {
    const name = `${this.network}-${ruleLabel(description)}-${port}-${direction}`;
    const args = {
      securityGroupId: group.id,
      ...("cidr" in peer ? { cidrIpv4: peer.cidr } : { referencedSecurityGroupId: peer.group.id }),
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description,
    };
    return direction === "in"
      ? new aws.vpc.SecurityGroupIngressRule(name, args, { parent: this.parent })
      : new aws.vpc.SecurityGroupEgressRule(name, args, { parent: this.parent });
  }
}

/** A short, name-safe label from a rule's description: its first four words. */
function ruleLabel(description: string): string {
  return description
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, "")
    .split(" ")
    .filter((w) => w.length > 0)
    .slice(0, 4)
    .join("-");
}
