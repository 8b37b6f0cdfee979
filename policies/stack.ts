import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { linkedResources, ofTypes, peek, rawProp } from "./links";
import {
  asList,
  configWithDefaults,
  defaultLevel,
  inspectResource,
  isUnknown,
  known,
  show,
  unknownMessage,
} from "./support";
import { tokens } from "./types";

/**
 * Stack-wide policies: what must exist across resources. Alarms are linked to what they watch
 * through their metric dimensions (`dimensions`, or `metricQueries[].metric.dimensions`), as
 * `links.ts` describes.
 */

/** The dimension maps of an alarm: its own, and those of its metric-math queries. */
function dimensionsOf(alarm: PolicyResource): Record<string, unknown>[] {
  const own = peek(alarm, "dimensions");
  const queries = asList(peek(alarm, "metricQueries")) as {
    metric?: { dimensions?: Record<string, unknown> };
  }[];
  return [own, ...queries.map((q) => q.metric?.dimensions)].filter(
    (d): d is Record<string, unknown> => d !== undefined && d !== null && typeof d === "object",
  );
}

interface Watched {
  readonly name: string;
  readonly kind: string;
  readonly types: readonly string[];
  /** The dimension key CloudWatch uses for this kind of resource. */
  readonly dimension: string;
  /** The resource's properties that the dimension value equals (or, for caches, starts with). */
  readonly identifying: readonly string[];
}

/** Whether `alarm` watches `resource` through the given dimension. */
function watches(
  alarm: PolicyResource,
  resource: PolicyResource,
  watched: Watched,
  all: PolicyResource[],
) {
  return dimensionsOf(alarm).some((dimensions) => {
    if (!(watched.dimension in dimensions)) {
      return false;
    }
    const value = dimensions[watched.dimension];
    const prefixMatch =
      typeof value === "string" &&
      watched.identifying.some((p) => {
        const id = peek(resource, p);
        return typeof id === "string" && id !== "" && value.startsWith(id);
      });
    return (
      prefixMatch ||
      linkedResources(alarm, "dimensions", all, watched.identifying, value).includes(resource)
    );
  });
}

function alarmPolicy(watched: Watched): StackValidationPolicy {
  return {
    name: watched.name,
    description: `Every ${watched.kind} has at least one CloudWatch alarm on its metrics.`,
    enforcementLevel: defaultLevel,
    validateStack: (args, reportViolation) => {
      const resources = ofTypes(args.resources, watched.types);
      const alarms = ofTypes(args.resources, tokens.metricAlarm);
      for (const resource of resources) {
        if (!alarms.some((alarm) => watches(alarm, resource, watched, resources))) {
          reportViolation(
            `${watched.kind} ${resource.name} has no alarm with a ${watched.dimension} dimension ` +
              `for it; add its alarms.`,
            resource.urn,
          );
        }
      }
    },
  };
}

export const databaseAlarms = alarmPolicy({
  name: "stack-database-alarms",
  kind: "database instance",
  types: tokens.dbInstance,
  dimension: "DBInstanceIdentifier",
  identifying: ["identifier", "id"],
});

export const cacheAlarms = alarmPolicy({
  name: "stack-cache-alarms",
  kind: "cache replication group",
  types: tokens.replicationGroup,
  dimension: "CacheClusterId",
  identifying: ["replicationGroupId", "id"],
});

export const loadBalancerAlarms = alarmPolicy({
  name: "stack-load-balancer-alarms",
  kind: "load balancer",
  types: tokens.loadBalancer,
  dimension: "LoadBalancer",
  identifying: ["arnSuffix"],
});

export const serviceAlarms = alarmPolicy({
  name: "stack-service-alarms",
  kind: "ECS service",
  types: tokens.ecsService,
  dimension: "ServiceName",
  identifying: ["name"],
});

export const alarmsNotify: StackValidationPolicy = {
  name: "stack-alarms-notify",
  description: "Every CloudWatch alarm notifies someone (alarmActions is not empty).",
  enforcementLevel: defaultLevel,
  validateStack: (args, reportViolation) => {
    for (const alarm of ofTypes(args.resources, tokens.metricAlarm)) {
      inspectResource(alarm, reportViolation, () => {
        const actions = asList(known(alarm.props.alarmActions, "alarmActions"));
        if (actions.length === 0 || known(alarm.props.actionsEnabled, "actionsEnabled") === false) {
          reportViolation(
            `alarm ${alarm.name} has no enabled alarmActions; notify the alarm topic.`,
            alarm.urn,
          );
        }
      });
    }
  },
};

/** Whether a schedule expression fires once a day: a daily cron or rate(1 day)/rate(24 hours). */
export function isDaily(expression: string): boolean {
  if (/^rate\((1 day|24 hours|1440 minutes)\)$/.test(expression)) {
    return true;
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (!cron) {
    return false;
  }
  // cron(minutes hours day-of-month month day-of-week year): fixed minute and hour, every day.
  const [minutes, hours, dayOfMonth, month, dayOfWeek] = cron[1].trim().split(/\s+/);
  const fixed = (field: string | undefined) => field !== undefined && /^\d+$/.test(field);
  const every = (field: string | undefined) => field === "*" || field === "?";
  return fixed(minutes) && fixed(hours) && every(dayOfMonth) && every(month) && every(dayOfWeek);
}

export const dailyBackupSchedule: StackValidationPolicy = {
  name: "stack-daily-backup-schedule",
  description: "An enabled EventBridge schedule runs a task at least once a day (the backup).",
  enforcementLevel: defaultLevel,
  configSchema: {
    properties: {
      schedulePattern: {
        type: "string",
        default: "backup",
        description: "Regular expression on the logical name of the backup schedule.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { schedulePattern } = configWithDefaults(args, { schedulePattern: "backup" });
    const pattern = new RegExp(schedulePattern);
    const schedules = ofTypes(args.resources, [...tokens.schedule, ...tokens.eventRule]).filter(
      (s) => pattern.test(s.name),
    );
    const seen: string[] = [];
    for (const schedule of schedules) {
      // An unknown expression is reported against its schedule, and the search goes on.
      if (isUnknown(rawProp(schedule, "scheduleExpression"))) {
        reportViolation(unknownMessage("scheduleExpression", schedule.name), schedule.urn);
        return;
      }
      const expression = known(rawProp(schedule, "scheduleExpression"), "scheduleExpression");
      const state = peek(schedule, "state");
      const enabled = state === undefined || state === "ENABLED";
      if (typeof expression === "string" && isDaily(expression) && enabled) {
        return;
      }
      seen.push(`${schedule.name}: ${show(expression)}${enabled ? "" : " (disabled)"}`);
    }
    reportViolation(
      `no enabled daily schedule matching /${schedulePattern}/ ` +
        `(found ${seen.length > 0 ? seen.join("; ") : "none"}); schedule the backup daily.`,
    );
  },
};

type ForwardAction = {
  type?: string;
  targetGroupArn?: string;
  forward?: { targetGroups?: { arn?: string; weight?: number }[] };
};

export const productionForwardBothColors: StackValidationPolicy = {
  name: "stack-production-forward-both-colors",
  description: "The production listener forwards to both target groups (blue and green), weighted.",
  enforcementLevel: defaultLevel,
  configSchema: {
    properties: {
      productionPort: {
        type: "integer",
        default: 443,
        description: "Port of the production listener.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { productionPort } = configWithDefaults(args, { productionPort: 443 });
    const listeners = ofTypes(args.resources, tokens.listener).filter(
      (l) => peek(l, "port") === productionPort,
    );
    const targetGroups = ofTypes(args.resources, tokens.targetGroup);
    if (listeners.length === 0) {
      reportViolation(`no listener on port ${productionPort}; declare the production listener.`);
    }
    for (const listener of listeners) {
      inspectResource(listener, reportViolation, () =>
        check(listener, targetGroups, reportViolation),
      );
    }
  },
};

function check(listener: PolicyResource, targetGroups: PolicyResource[], report: ReportViolation) {
  const actions = asList(known(listener.props.defaultActions, "defaultActions")) as ForwardAction[];
  const forward = actions.find((a) => a.type === "forward");
  const entries = asList(forward?.forward?.targetGroups) as { arn?: string }[];
  const wanted = Math.max(2, targetGroups.length);
  const arns = new Set(entries.map((e, i) => known(e.arn, `forward.targetGroups[${i}].arn`)));
  if (arns.size < wanted) {
    report(
      `listener ${listener.name} forwards to ${arns.size} target group(s); ` +
        `list all ${wanted} (blue and green) in forward.targetGroups with weights.`,
      listener.urn,
    );
  }
}

export const stackPolicies = [
  databaseAlarms,
  cacheAlarms,
  loadBalancerAlarms,
  serviceAlarms,
  alarmsNotify,
  dailyBackupSchedule,
  productionForwardBothColors,
];
