import { strict as assert } from "node:assert";
import { planStack, type Plan } from "../../infra/plan-model";
import type { PlannedResource } from "../../infra/planned-resource";
import { stackOutputsSchema } from "../../stacks/outputs";
import { kebab } from "../../components/scheduled-tasks";
import { databasePasswordEnvVar, redisAuthTokenEnvVar } from "../../stacks/runbook-env";
import { procedures } from "../../stacks/settings-schedules";
import { scheduleExpressionRule } from "../../stacks/schedule-expression";
import { fixtureProject, ofType, realConfigWith, realPlan, single } from "../helpers/plan";

type Inputs = Record<string, unknown>;
type Container = {
  name: string;
  user?: string;
  readonlyRootFilesystem?: boolean;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  logConfiguration?: { logDriver: string; options: Record<string, string> };
};

const listener = (plan: Plan, suffix: string) =>
  ofType(plan, "aws:lb/listener:Listener").find((l) =>
    l.name.endsWith(`-lb-${suffix}`),
  ) as PlannedResource;
const forwardGroups = (l: PlannedResource) =>
  (
    (l.inputs.defaultActions as Inputs[])[0].forward as {
      targetGroups: { arn: string; weight: number }[];
    }
  ).targetGroups;
const containers = (plan: Plan): Container[] =>
  ofType(plan, "aws:ecs/taskDefinition:TaskDefinition").flatMap(
    (t) => JSON.parse(String(t.inputs.containerDefinitions)) as Container[],
  );

for (const stack of ["staging", "prod"] as const) {
  const prod = stack === "prod";

  describe(`app tier of the ${stack} stack`, () => {
    let plan: Plan;
    before(async () => {
      plan = await realPlan(stack);
      assert.deepEqual(plan.errors, []);
    });

    it("exports outputs that satisfy the stack outputs contract", () => {
      const outputs = stackOutputsSchema.parse(plan.outputs);
      assert.deepEqual(
        Object.keys(plan.outputs ?? {}).sort(),
        Object.keys(stackOutputsSchema.shape).sort(),
      );
      assert.equal(outputs.liveColor, "blue");
      assert.equal(outputs.canaryPercent, 0);
      assert.match(outputs.appUrl, /^https:\/\//);
      assert.match(
        String(outputs.opsTaskDefinitionArn),
        /task-definition\/ai-skills-.+-ops-runbook:1$/,
      );
      assert.equal(outputs.metricsNamespace, "AISkills/Operations");
    });

    it("forwards production traffic to both colours, 100/0 outside a canary", () => {
      const groups = forwardGroups(listener(plan, "https"));
      assert.deepEqual(
        groups.map((g) => [g.arn.split(":").pop(), g.weight]),
        [
          [`ai-skills-${stack}-lb-blue`, 100],
          [`ai-skills-${stack}-lb-green`, 0],
        ],
      );
      const https = listener(plan, "https").inputs;
      assert.equal(https.port, 443);
      assert.equal(https.protocol, "HTTPS");
      assert.equal(https.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
      assert.match(String(https.certificateArn), /^arn:aws:acm:eu-west-1:\d{12}:certificate\//);
    });

    it("redirects HTTP to HTTPS with a 301 and nothing else", () => {
      const http = listener(plan, "http").inputs;
      assert.equal(http.port, 80);
      assert.deepEqual(http.defaultActions, [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ]);
    });

    it("sends test-listener traffic to the idle colour, open only to the NAT gateways", () => {
      const test = listener(plan, "test");
      assert.equal(test.inputs.port, 8443);
      assert.deepEqual(
        forwardGroups(test).map((g) => g.weight),
        [0, 100],
      );
      const rules = ofType(
        plan,
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      ).filter((r) => r.inputs.fromPort === 8443);
      // The stack files list no extra ranges: one /32 per NAT gateway (the operations tasks).
      const natIps = ofType(plan, "aws:ec2/eip:Eip").map((e) => e.name);
      assert.equal(natIps.length, prod ? 3 : 1);
      assert.deepEqual(
        rules.map((r) => r.inputs.cidrIpv4).sort(),
        natIps.map((name) => `198.51.100.${10 + Number(name.slice(-1))}/32`).sort(),
      );
      assert.ok(
        rules.every((r) =>
          /^NAT gateway \d to the test listener/.test(String(r.inputs.description)),
        ),
      );
    });

    it("has an ALB with access logs, dropping invalid headers, protection per environment", () => {
      const alb = single(plan, "aws:lb/loadBalancer:LoadBalancer").inputs;
      assert.equal(alb.dropInvalidHeaderFields, true);
      assert.equal(alb.enableDeletionProtection, prod);
      assert.equal((alb.accessLogs as Inputs).enabled, true);
      for (const tg of ofType(plan, "aws:lb/targetGroup:TargetGroup")) {
        const check = tg.inputs.healthCheck as Inputs;
        assert.equal(check.path, "/health");
        assert.equal(check.port, "4000");
        assert.equal(tg.inputs.deregistrationDelay, prod ? 60 : 30);
        assert.ok(String(tg.inputs.namePrefix).length <= 6);
      }
    });

    it("makes both services depend on the prod listener, privately, with a circuit breaker", () => {
      const https = listener(plan, "https");
      const services = ofType(plan, "aws:ecs/service:Service");
      assert.equal(services.length, 2);
      for (const service of services) {
        assert.ok(
          service.dependencies.includes(https.urn),
          `${service.name} depends on the listener`,
        );
        assert.deepEqual(service.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
        assert.equal((service.inputs.networkConfiguration as Inputs).assignPublicIp, false);
        assert.equal(service.inputs.launchType, "FARGATE");
      }
      const cluster = single(plan, "aws:ecs/cluster:Cluster").inputs;
      assert.deepEqual(cluster.settings, [{ name: "containerInsights", value: "enabled" }]);
      assert.equal(ofType(plan, "aws:appautoscaling/policy:Policy").length, 2);
    });

    it("keeps every secret out of plain environment values; runs containers as non-root", () => {
      const all = containers(plan);
      assert.equal(all.length, 2 + 1 + procedures.length);
      for (const c of all) {
        const names = (c.environment ?? []).map((e) => e.name);
        assert.ok(
          !names.some((n) => /PASSWORD|SECRET|TOKEN/.test(n)),
          `${c.name}: ${names.join(",")}`,
        );
        const values = (c.environment ?? []).map((e) => e.value).join(" ");
        assert.ok(!values.includes("MockSecretValue"), `${c.name} leaks a generated secret`);
        // The app reads its own names; the runbook reads the names its secrets adapter documents.
        assert.deepEqual(
          c.secrets?.map((s) => s.name),
          c.name === "runbook"
            ? [databasePasswordEnvVar, redisAuthTokenEnvVar]
            : ["DATABASE_PASSWORD", "REDIS_PASSWORD"],
        );
        assert.ok(c.secrets?.every((s) => s.valueFrom.startsWith("arn:aws:secretsmanager:")));
        assert.equal(c.user, "1000:1000");
        assert.equal(c.readonlyRootFilesystem, true);
        assert.equal(c.logConfiguration?.logDriver, "awslogs");
      }
      for (const group of ofType(plan, "aws:cloudwatch/logGroup:LogGroup")) {
        assert.equal(group.inputs.retentionInDays, 30, group.name);
      }
    });

    it("schedules each routine procedure in UTC on Fargate, with retries and a DLQ", () => {
      const schedules = ofType(plan, "aws:scheduler/schedule:Schedule");
      assert.equal(schedules.length, procedures.length);
      for (const s of schedules) {
        const expression = String(s.inputs.scheduleExpression);
        assert.equal(scheduleExpressionRule(expression), undefined, `${s.name}: ${expression}`);
        assert.equal(s.inputs.scheduleExpressionTimezone, "UTC");
        const target = s.inputs.target as Inputs;
        const ecs = target.ecsParameters as Inputs;
        assert.equal(ecs.launchType, "FARGATE");
        assert.equal((ecs.networkConfiguration as Inputs).assignPublicIp, false);
        assert.ok((target.retryPolicy as Inputs).maximumRetryAttempts !== undefined);
        assert.match(String((target.deadLetterConfig as Inputs).arn), /dlq/);
      }
      const daily = schedules.find((s) => s.name.endsWith("-ops-backup"));
      assert.equal(daily?.inputs.scheduleExpression, "cron(0 1 * * ? *)");
      const task = String(
        ((daily?.inputs.target as Inputs).ecsParameters as Inputs).taskDefinitionArn,
      );
      assert.match(task, /:task-definition\/ai-skills-.+-ops-backup:1$/);
      const backupTask = ofType(plan, "aws:ecs/taskDefinition:TaskDefinition").find((t) =>
        t.name.endsWith("-ops-backup"),
      );
      const container = JSON.parse(String(backupTask?.inputs.containerDefinitions))[0];
      assert.deepEqual(container.command, ["backup", "--json"]);
      const outputsVar = (container.environment as { name: string; value: string }[]).find(
        (e) => e.name === "RUNBOOK_OUTPUTS_JSON",
      );
      const taskOutputs = stackOutputsSchema.parse(JSON.parse(String(outputsVar?.value)));
      assert.equal(taskOutputs.stack, stack);
      assert.equal(taskOutputs.opsTaskDefinitionArn, undefined);
      assert.equal(single(plan, "aws:sqs/queue:Queue").inputs.sqsManagedSseEnabled, true);
    });

    it("lets Scheduler run only the ops task family and pass only its two roles", () => {
      const policy = ofType(plan, "aws:iam/rolePolicy:RolePolicy").find((p) =>
        p.name.endsWith("-ops-scheduler"),
      );
      const statements = JSON.parse(String(policy?.inputs.policy)).Statement as Inputs[];
      const run = statements.find((s) => s.Sid === "RunOpsTask");
      const families = (run?.Resource as string[]).map((arn) => arn.split("task-definition/")[1]);
      assert.deepEqual(
        families.sort(),
        ["runbook", ...procedures.map(kebab)].map((f) => `ai-skills-${stack}-ops-${f}:*`).sort(),
      );
      const pass = statements.find((s) => s.Sid === "PassOpsRoles");
      assert.equal((pass?.Resource as string[]).length, 2);
    });

    it("gives every alarm actions, OK actions and explicit missing-data handling", () => {
      const alarms = ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.equal(alarms.length, prod ? 31 : 26);
      const topic = single(plan, "aws:sns/topic:Topic");
      const topicKey = ofType(plan, "aws:kms/key:Key").find((k) => k.name === topic.name);
      assert.equal(topic.inputs.kmsMasterKeyId, `arn:aws:kms:eu-west-1:123456789012:${topic.name}`);
      const keyPolicy = JSON.parse(String(topicKey?.inputs.policy)) as { Statement: Inputs[] };
      const cloudwatch = keyPolicy.Statement.find((s) => s.Sid === "CloudWatchAlarmsEncrypt");
      assert.deepEqual(cloudwatch?.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
      assert.deepEqual(cloudwatch?.Principal, { Service: "cloudwatch.amazonaws.com" });
      for (const alarm of alarms) {
        assert.equal((alarm.inputs.alarmActions as string[]).length, 1, alarm.name);
        assert.equal((alarm.inputs.okActions as string[]).length, 1, alarm.name);
        assert.ok(
          ["breaching", "notBreaching", "ignore", "missing"].includes(
            String(alarm.inputs.treatMissingData),
          ),
        );
      }
      const rate = alarms.find((a) => a.name.endsWith("alb-target-5xx-rate"));
      const math = (rate?.inputs.metricQueries as Inputs[])[0];
      assert.equal(math.expression, "100 * FILL(m1, 0) / m2");
      assert.equal(rate?.inputs.treatMissingData, "notBreaching");
      const backup = alarms.find((a) => a.name.endsWith("backup-freshness"));
      assert.equal(backup?.inputs.treatMissingData, "breaching");
      assert.equal(
        Number(backup?.inputs.period) * Number(backup?.inputs.evaluationPeriods),
        26 * 3600,
      );
      const connections = alarms.find((a) => a.name.endsWith("rds-connections"));
      assert.equal(connections?.inputs.threshold, prod ? 1621 : 405);
      assert.equal(
        alarms.some((a) => a.name.includes("replication-lag")),
        prod,
      );
    });
  });
}

describe("app tier with changed settings", () => {
  const planWith = (traffic: Inputs) =>
    planStack(
      fixtureProject("prod", realConfigWith("prod", { "ai-skills:traffic": traffic })),
      "prod",
    );

  it("declares the weights of a canary and of a green live colour", async () => {
    for (const [liveColor, canaryPercent, weights] of [
      ["green", 0, [0, 100]],
      ["green", 100, [100, 0]],
      ["blue", 37, [63, 37]],
    ] as const) {
      const plan = await planWith({ liveColor, canaryPercent });
      assert.deepEqual(plan.errors, []);
      assert.deepEqual(
        forwardGroups(listener(plan, "https")).map((g) => g.weight),
        weights,
      );
      assert.equal(plan.outputs?.liveColor, liveColor);
    }
  });

  it("stops before any resource with an out-of-range canary", async () => {
    const plan = await planWith({ canaryPercent: 120 });
    assert.deepEqual(plan.errors, [
      "ai-skills:traffic.canaryPercent = 120: the canary percentage is 0-100: the idle colour's " +
        "share of production traffic",
    ]);
    assert.equal(ofType(plan, "aws:lb/listener:Listener").length, 0);
  });
});
