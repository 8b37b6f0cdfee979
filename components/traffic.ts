import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { otherColor, type Color } from "../stacks/outputs";
import type { Settings } from "../stacks/settings";
import { ports, SecurityRules } from "./network";
import { forwardTargetGroups, listenerWeights } from "./weights";

export interface TrafficArgs {
  /** The stack's traffic settings (live colour, canary, certificate, test listener, ...). */
  readonly settings: Settings["traffic"];
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets the load balancer spans. */
  readonly publicSubnetIds: pulumi.Input<string>[];
  /** The ALB's security group; the test listener's CIDR rules are added to it. */
  readonly securityGroup: aws.ec2.SecurityGroup;
  /** Bucket and prefix of the access logs. */
  readonly accessLogs: { readonly bucket: pulumi.Input<string>; readonly prefix: string };
  /**
   * Public IPs of the VPC's NAT gateways: the operations tasks reach the test listener from them,
   * so each gets a /32 rule besides the configured CIDRs. Default none.
   */
  readonly natPublicIps?: pulumi.Input<string>[];
  /** Security group of the tasks that call the test listener (they go out through NAT). */
  readonly testClientGroup?: aws.ec2.SecurityGroup;
  /** Health check path of the app. Default /health. */
  readonly healthCheckPath?: string;
}

/**
 * The application load balancer in front of the blue and green services: an HTTPS production
 * listener whose forward action always holds both target groups, weighted from the live colour
 * and the canary percentage; an HTTP listener that only redirects to HTTPS; and an HTTPS test
 * listener on its own port, open only to the configured CIDRs, that sends everything to the
 * idle colour.
 */
export class Traffic extends pulumi.ComponentResource {
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly targetGroups: Readonly<Record<Color, aws.lb.TargetGroup>>;
  readonly productionListener: aws.lb.Listener;
  readonly testListener: aws.lb.Listener;
  readonly httpListener: aws.lb.Listener;
  /** Host name clients use: the domain from settings, or the ALB's DNS name. */
  readonly hostName: pulumi.Output<string>;

  constructor(name: string, args: TrafficArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-skills:traffic:Traffic", name, {}, opts);
    const traffic = args.settings;
    if (traffic.certificateArn === null) {
      throw new Error(`Traffic ${name}: \`certificateArn\` is unset; set traffic.certificateArn`);
    }
    const weights = listenerWeights(traffic.liveColor, traffic.canaryPercent);
    const idle = otherColor(traffic.liveColor);
    const parent = { parent: this };

    this.loadBalancer = new aws.lb.LoadBalancer(
      name,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: args.publicSubnetIds,
        securityGroups: [args.securityGroup.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: traffic.deletionProtection,
        idleTimeout: traffic.idleTimeoutSeconds,
        accessLogs: {
          enabled: true,
          bucket: args.accessLogs.bucket,
          prefix: args.accessLogs.prefix,
        },
      },
      parent,
    );

    const targetGroup = (color: Color) =>
      new aws.lb.TargetGroup(
        `${name}-${color}`,
        {
          namePrefix: `${color}-`,
          targetType: "ip",
          protocol: "HTTP",
          port: ports.app,
          vpcId: args.vpcId,
          deregistrationDelay: traffic.deregistrationDelaySeconds,
          healthCheck: {
            path: args.healthCheckPath ?? "/health",
            port: String(ports.app),
            protocol: "HTTP",
            matcher: "200",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
          stickiness: {
            type: "lb_cookie",
            enabled: traffic.stickinessEnabled,
            cookieDuration: traffic.stickinessSeconds,
          },
          tags: { color },
        },
        parent,
      );
    this.targetGroups = { blue: targetGroup("blue"), green: targetGroup("green") };
    const arns = { blue: this.targetGroups.blue.arn, green: this.targetGroups.green.arn };

    this.productionListener = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        protocol: "HTTPS",
        port: ports.https,
        sslPolicy: traffic.sslPolicy,
        certificateArn: traffic.certificateArn,
        defaultActions: [
          {
            type: "forward",
            forward: {
              targetGroups: forwardTargetGroups(arns, weights),
              stickiness: {
                enabled: traffic.stickinessEnabled,
                duration: traffic.stickinessSeconds,
              },
            },
          },
        ],
      },
      parent,
    );
    this.httpListener = new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        protocol: "HTTP",
        port: ports.http,
        defaultActions: [
          {
            type: "redirect",
            redirect: { protocol: "HTTPS", port: String(ports.https), statusCode: "HTTP_301" },
          },
        ],
      },
      parent,
    );
    this.testListener = new aws.lb.Listener(
      `${name}-test`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        protocol: "HTTPS",
        port: traffic.testListenerPort,
        sslPolicy: traffic.sslPolicy,
        certificateArn: traffic.certificateArn,
        defaultActions: [
          {
            type: "forward",
            forward: { targetGroups: forwardTargetGroups(arns, listenerWeights(idle, 0)) },
          },
        ],
      },
      parent,
    );

    const rules = new SecurityRules(name, this);
    for (const [i, ip] of (args.natPublicIps ?? []).entries()) {
      rules.ingressFromCidr(
        args.securityGroup,
        traffic.testListenerPort,
        pulumi.interpolate`${ip}/32`,
        `NAT gateway ${i} to the test listener (operations tasks check the idle colour)`,
      );
    }
    if (args.testClientGroup) {
      rules.egressToCidr(
        args.testClientGroup,
        traffic.testListenerPort,
        "0.0.0.0/0",
        "Operations tasks to the test listener through NAT (idle colour checks)",
      );
    }
    for (const cidr of traffic.testListenerCidrs) {
      rules.ingressFromCidr(
        args.securityGroup,
        traffic.testListenerPort,
        cidr,
        `Test listener from ${cidr} (idle colour checks)`,
      );
    }

    this.hostName =
      traffic.domainName === null ? this.loadBalancer.dnsName : pulumi.output(traffic.domainName);
    this.registerOutputs({
      loadBalancerArn: this.loadBalancer.arn,
      productionListenerArn: this.productionListener.arn,
      testListenerArn: this.testListener.arn,
      hostName: this.hostName,
    });
  }
}
