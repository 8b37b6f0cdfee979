import { strict as assert } from "node:assert";
import { fargateSizeRule } from "../../stacks/app-rules";
import { scheduleExpressionRule } from "../../stacks/schedule-expression";
import { appDefaults } from "../../stacks/defaults-app";
import { isRunbookCommand, runbookCommands } from "../../stacks/runbook-commands";
import { loadSettings, SettingsError, type RawConfig } from "../../stacks/settings";
import { procedures } from "../../stacks/settings-schedules";

describe("schedule expressions", () => {
  it("accepts every default schedule and common valid forms", () => {
    const defaults = appDefaults("prod").schedules;
    for (const procedure of procedures) {
      const { expression } = defaults[procedure];
      assert.equal(scheduleExpressionRule(expression), undefined, expression);
    }
    for (const valid of [
      "cron(0/15 * * * ? *)",
      "cron(0 18 ? * MON-FRI *)",
      "cron(0 8 1 * ? 2030)",
      "cron(30 2 L * ? *)",
      "cron(0 3 ? * 6#3 *)",
      "rate(1 minute)",
      "rate(5 minutes)",
      "rate(1 hour)",
      "rate(12 hours)",
      "rate(1 day)",
      "rate(7 days)",
    ]) {
      assert.equal(scheduleExpressionRule(valid), undefined, valid);
    }
  });

  it("rejects each invalid expression with a message naming the rule", () => {
    const cases: [string, string][] = [
      [
        "0 6 * * ?",
        "a schedule is cron(min hour day-of-month month day-of-week year) or rate(N unit)",
      ],
      [
        "cron(0 6 * * ?)",
        "a cron expression has six fields (minutes hours day-of-month month day-of-week year), " +
          "not 5",
      ],
      [
        "cron(0 6 * * * *)",
        "a cron expression needs ? in exactly one of day-of-month and day-of-week",
      ],
      [
        "cron(0 6 ? * ? *)",
        "a cron expression needs ? in exactly one of day-of-month and day-of-week",
      ],
      ["cron(60 6 * * ? *)", '"60" is not a valid minutes value in a cron expression'],
      ["cron(0 24 * * ? *)", '"24" is not a valid hours value in a cron expression'],
      ["cron(0 6 32 * ? *)", '"32" is not a valid day-of-month value in a cron expression'],
      ["cron(0 6 ? 13 MON *)", '"13" is not a valid month value in a cron expression'],
      ["cron(0 6 ? * FUNDAY *)", '"FUNDAY" is not a valid day-of-week value in a cron expression'],
      ["cron(? 6 1 * ? *)", "? is only allowed in day-of-month or day-of-week, not minutes"],
      ["rate(0 minutes)", "a rate expression needs a value of 1 or more"],
      ["rate(1 minutes)", 'rate(1 ...) takes a singular unit: minute, hour or day, not "minutes"'],
      ["rate(5 hour)", 'rate(5 ...) takes a plural unit: minutes, hours or days, not "hour"'],
      ["rate(2 weeks)", 'rate(2 ...) takes a plural unit: minutes, hours or days, not "weeks"'],
      [
        "rate(five minutes)",
        "a rate expression is rate(N unit), e.g. rate(5 minutes) or rate(1 day)",
      ],
    ];
    for (const [expression, message] of cases) {
      assert.equal(scheduleExpressionRule(expression), message, expression);
    }
  });
});

describe("Fargate task sizes", () => {
  it("accepts the documented pairs and names the allowed range otherwise", () => {
    assert.equal(fargateSizeRule(256, 512), undefined);
    assert.equal(fargateSizeRule(512, 1024), undefined);
    assert.equal(fargateSizeRule(1024, 2048), undefined);
    assert.equal(fargateSizeRule(4096, 30720), undefined);
    assert.equal(
      fargateSizeRule(256, 1536),
      "with 256 CPU units Fargate takes 512, 1024 or 2048 MiB, not 1536",
    );
    assert.equal(
      fargateSizeRule(1024, 1024),
      "with 1024 CPU units Fargate takes 2048-8192 in steps of 1024 MiB, not 1024",
    );
    assert.equal(fargateSizeRule(300, 1024), "Fargate CPU is 256, 512, 1024, 2048 or 4096 units");
  });
});

describe("schedule commands", () => {
  const raw = (schedules: Record<string, unknown>): RawConfig => ({
    "aws:region": "eu-west-1",
    "ai-skills:environment": "staging",
    "ai-skills:owner": "platform-team",
    "ai-skills:costCenter": "ai-skills",
    "ai-skills:schedules": schedules,
  });

  it("runs only commands the runbook has, for every default schedule", () => {
    const defaults = appDefaults("prod").schedules;
    for (const procedure of procedures) {
      assert.ok(isRunbookCommand(defaults[procedure].command[0]), procedure);
    }
  });

  it("rejects an enabled schedule whose command the runbook does not have", () => {
    assert.throws(
      () =>
        loadSettings(
          "staging",
          raw({ backup: { expression: "cron(0 1 * * ? *)", command: ["bakup"], enabled: true } }),
        ),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError);
        assert.deepEqual(
          error.issues.map((i) => `${i.key}: ${i.rule}`),
          [
            'ai-skills:schedules.backup.command: "bakup" is not a runbook command; use one of ' +
              runbookCommands.join(", "),
          ],
        );
        return true;
      },
    );
  });

  it("lets a disabled schedule keep a command the runbook does not have yet", () => {
    const settings = loadSettings(
      "staging",
      raw({ backup: { expression: "cron(0 1 * * ? *)", command: ["bakup"], enabled: false } }),
    );
    assert.equal(settings.schedules.backup.enabled, false);
  });
});
