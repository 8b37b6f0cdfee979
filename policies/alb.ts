import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import {
  validateResourceOfType,
  type ResourceValidationPolicy,
  type ReportViolation,
} from "@pulumi/policy";
import { asList, defaultLevel, guardUnknowns, known, show } from "./support";

/**
 * Application load balancer checks. `aws.lb.*` and `aws.alb.*` are two current names for the
 * same resources with different type tokens, so each policy validates both.
 */

type LoadBalancerProps = Unwrap<aws.lb.LoadBalancerArgs>;
type ListenerProps = Unwrap<aws.lb.ListenerArgs>;
type Check<P> = (props: P, report: ReportViolation) => void;

function loadBalancerPolicy(
  name: string,
  description: string,
  check: Check<LoadBalancerProps>,
): ResourceValidationPolicy {
  const validate = guardUnknowns<LoadBalancerProps>((lb, _args, report) => check(lb, report));
  return {
    name,
    description,
    enforcementLevel: defaultLevel,
    validateResource: [
      validateResourceOfType(aws.lb.LoadBalancer, validate),
      validateResourceOfType(aws.alb.LoadBalancer, validate),
    ],
  };
}

function listenerPolicy(
  name: string,
  description: string,
  check: Check<ListenerProps>,
): ResourceValidationPolicy {
  const validate = guardUnknowns<ListenerProps>((listener, _args, report) =>
    check(listener, report),
  );
  return {
    name,
    description,
    enforcementLevel: defaultLevel,
    validateResource: [
      validateResourceOfType(aws.lb.Listener, validate),
      validateResourceOfType(aws.alb.Listener, validate),
    ],
  };
}

/** Whether a load balancer is an application load balancer (the default type). */
function isApplication(lb: LoadBalancerProps): boolean {
  const type = known(lb.loadBalancerType, "loadBalancerType");
  return type === undefined || type === "application";
}

export const albDropInvalidHeaders = loadBalancerPolicy(
  "alb-drop-invalid-headers",
  "An application load balancer drops HTTP headers with invalid fields.",
  (lb, report) => {
    const drop = known(lb.dropInvalidHeaderFields, "dropInvalidHeaderFields");
    if (isApplication(lb) && drop !== true) {
      report(`dropInvalidHeaderFields is ${show(drop)}; set it to true.`);
    }
  },
);

export const albAccessLogs = loadBalancerPolicy(
  "alb-access-logs",
  "A load balancer writes access logs to an S3 bucket.",
  (lb, report) => {
    const logs = known(lb.accessLogs, "accessLogs");
    const enabled = known(logs?.enabled, "accessLogs.enabled");
    if (logs === undefined || enabled === false) {
      report(`accessLogs.enabled is ${show(logs ? enabled : undefined)}; enable access logs.`);
    } else if (!logs.bucket) {
      report("accessLogs.bucket is unset; name the bucket for access logs.");
    }
  },
);

export const albDeletionProtection = loadBalancerPolicy(
  "alb-deletion-protection",
  "A production load balancer refuses deletion.",
  (lb, report) => {
    const protect = known(lb.enableDeletionProtection, "enableDeletionProtection");
    if (protect !== true) {
      report(`enableDeletionProtection is ${show(protect)}; set it to true.`);
    }
  },
);

export const albHttpRedirectsToHttps = listenerPolicy(
  "alb-http-redirects-to-https",
  "A plain-HTTP listener only redirects to HTTPS.",
  (listener, report) => {
    if (known(listener.protocol, "protocol") !== "HTTP") {
      return;
    }
    const actions = asList(known(listener.defaultActions, "defaultActions")) as NonNullable<
      ListenerProps["defaultActions"]
    >;
    actions.forEach((action, i) => {
      const type = known(action.type, `defaultActions[${i}].type`);
      const protocol = known(action.redirect?.protocol, `defaultActions[${i}].redirect.protocol`);
      if (type !== "redirect" || protocol !== "HTTPS") {
        report(
          `defaultActions[${i}] is ${show(type)} on an HTTP listener; ` +
            `only a redirect to HTTPS is allowed.`,
        );
      }
    });
    if (actions.length === 0) {
      report("an HTTP listener has no default action; redirect it to HTTPS.");
    }
  },
);

/**
 * ELB security policies whose minimum is TLS 1.2 or later. AWS's default for an HTTPS listener
 * with no `sslPolicy` allows TLS 1.0, so an unset policy is a violation.
 */
export const tls12Policy = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

export const albTlsPolicy = listenerPolicy(
  "alb-tls-policy",
  "An HTTPS listener uses a security policy with TLS 1.2 or later.",
  (listener, report) => {
    if (known(listener.protocol, "protocol") !== "HTTPS") {
      return;
    }
    const policy = known(listener.sslPolicy, "sslPolicy");
    if (policy === undefined || !tls12Policy.test(policy)) {
      report(
        `sslPolicy is ${show(policy)}; use a TLS 1.2+ policy such as ` +
          `ELBSecurityPolicy-TLS13-1-2-2021-06.`,
      );
    }
  },
);

export const albPolicies = [
  albDropInvalidHeaders,
  albAccessLogs,
  albDeletionProtection,
  albHttpRedirectsToHttps,
  albTlsPolicy,
];
