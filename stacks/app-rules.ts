import { rdsInstanceMemoryGiB } from "../components/alarm-thresholds";
import { scheduleExpressionRule } from "./schedule-expression";
import { projectName, secretPlaceholder, type Settings, type SettingsIssue } from "./settings";
import { isRunbookCommand, runbookCommands } from "./runbook-commands";
import { procedures } from "./settings-schedules";

/** Memory (MiB) Fargate allows with each CPU size (the ECS task definition reference). */
function fargateMemoryOptions(cpu: number): number[] | undefined {
  const gb = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => (from + i) * 1024);
  switch (cpu) {
    case 256:
      return [512, 1024, 2048];
    case 512:
      return gb(1, 4);
    case 1024:
      return gb(2, 8);
    case 2048:
      return gb(4, 16);
    case 4096:
      return gb(8, 30);
    default:
      return undefined;
  }
}

/** Fargate's CPU and memory combinations. */
export function fargateSizeRule(cpu: number, memoryMb: number): string | undefined {
  const options = fargateMemoryOptions(cpu);
  if (options === undefined) return "Fargate CPU is 256, 512, 1024, 2048 or 4096 units";
  if (!options.includes(memoryMb)) {
    const range =
      cpu === 256
        ? "512, 1024 or 2048"
        : `${options[0]}-${options[options.length - 1]} in steps of 1024`;
    return `with ${cpu} CPU units Fargate takes ${range} MiB, not ${memoryMb}`;
  }
  return undefined;
}

/** Retention periods CloudWatch Logs accepts, in days. */
export const logRetentionValues = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/** Longest stack name whose autonamed load balancer stays within ELB's 32 characters. */
export function maxStackNameLength(): number {
  // `<project>-<stack>-lb` plus Pulumi's 8-character random suffix.
  return 32 - `${projectName}--lb`.length - 8;
}

/** Plain environment names that look like they carry a secret. */
const secretLike = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/;

/** Rules of the app, traffic, schedules and alarms sections. */
export function appIssues(settings: Settings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const check = (key: string, value: unknown, rule: string | undefined) => {
    if (rule !== undefined) issues.push({ key: `${projectName}:${key}`, value, rule });
  };
  const { app, traffic, schedules, alarms, database } = settings;

  const longest = maxStackNameLength();
  if (settings.stack.length > longest) {
    issues.push({
      key: "stack",
      value: settings.stack,
      rule:
        `a stack name of at most ${longest} characters ` +
        `keeps the load balancer's name within 32`,
    });
  }

  check("app.cpu", app.cpu, fargateSizeRule(app.cpu, app.memoryMb));
  if (app.maxTasks < app.minTasks) {
    check("app.maxTasks", app.maxTasks, `must be at least app.minTasks (${app.minTasks})`);
  }
  if (!logRetentionValues.includes(app.logRetentionDays)) {
    check(
      "app.logRetentionDays",
      app.logRetentionDays,
      `CloudWatch Logs keeps ${logRetentionValues.join(", ")} days`,
    );
  }
  for (const color of ["blue", "green"] as const) {
    if (app.images[color] === "build" && app.build === null) {
      check(`app.images.${color}`, "build", "`build` needs app.build (context and tag) set");
    }
  }
  for (const name of Object.keys(app.environment)) {
    if (secretLike.test(name)) {
      check(
        `app.environment.${name}`,
        "[hidden]",
        "looks like a secret: secrets come from Secrets Manager, never a plain environment value",
      );
    }
  }

  if (
    traffic.stickinessEnabled &&
    (traffic.stickinessSeconds < 1 || traffic.stickinessSeconds > 604800)
  ) {
    check(
      "traffic.stickinessSeconds",
      traffic.stickinessSeconds,
      "load-balancer stickiness lasts 1-604800 seconds (7 days)",
    );
  }
  if ([80, 443].includes(traffic.testListenerPort)) {
    check(
      "traffic.testListenerPort",
      traffic.testListenerPort,
      "80 and 443 belong to the production listeners; pick another port, e.g. 8443",
    );
  }
  if (settings.environment === "prod" && !traffic.deletionProtection) {
    check("traffic.deletionProtection", false, "prod's load balancer must refuse deletion");
  }

  for (const procedure of procedures) {
    const { expression, command, enabled } = schedules[procedure];
    check(`schedules.${procedure}.expression`, expression, scheduleExpressionRule(expression));
    if (enabled && !isRunbookCommand(command[0])) {
      check(
        `schedules.${procedure}.command`,
        command,
        `"${command[0]}" is not a runbook command; use one of ${runbookCommands.join(", ")}`,
      );
    }
  }
  check("schedules.cpu", schedules.cpu, fargateSizeRule(schedules.cpu, schedules.memoryMb));

  if (
    alarms.rdsMaxConnections === null &&
    rdsInstanceMemoryGiB(database.instanceClass) === undefined
  ) {
    check(
      "alarms.rdsMaxConnections",
      null,
      `the memory of ${database.instanceClass} is not in the alarm table; set max_connections here`,
    );
  }
  if (alarms.responseTimeP99Seconds < alarms.responseTimeP95Seconds) {
    check(
      "alarms.responseTimeP99Seconds",
      alarms.responseTimeP99Seconds,
      `must be at least alarms.responseTimeP95Seconds (${alarms.responseTimeP95Seconds})`,
    );
  }
  for (const [i, { protocol, endpoint }] of alarms.subscriptions.entries()) {
    // A webhook URL often carries a token, so it may be a `secure:` value: unreadable offline.
    const readable =
      protocol === "email"
        ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(endpoint)
        : /^https:\/\/\S+$/.test(endpoint);
    const ok = endpoint === secretPlaceholder || readable;
    if (!ok) {
      check(
        `alarms.subscriptions[${i}].endpoint`,
        endpoint,
        protocol === "email" ? "an email address" : "an https:// URL",
      );
    }
  }
  return issues;
}

/**
 * What a stack must set before it can deploy, with no sensible default: the images and the
 * certificate. Checked before any resource is declared (`infra/program.ts`), not by
 * `loadSettings`, so settings can be loaded and inspected without them.
 */
export function deploymentIssues(settings: Settings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  for (const color of ["blue", "green"] as const) {
    if (settings.app.images[color] === null) {
      issues.push({
        key: `${projectName}:app.images.${color}`,
        value: null,
        rule: "required: `build` or an image reference the colour runs",
      });
    }
  }
  if (settings.traffic.certificateArn === null) {
    issues.push({
      key: `${projectName}:traffic.certificateArn`,
      value: null,
      rule: "required: the ACM certificate of the app's domain, in the stack's region",
    });
  }
  return issues;
}
