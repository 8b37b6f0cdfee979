import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planStack } from "../../infra/plan-model";
import { loadPackConfig } from "../../policies/config";
import { evaluatePolicies, hasMandatoryViolation } from "../../policies/evaluate";

/**
 * The pack over the real offline plans. Every resource the program declares passes every
 * resource policy. The committed program does not yet declare the traffic, access-log, alarm and
 * schedule components, so until it does these stack-wide policies report, and no other may;
 * shorten this list as they land.
 */
const awaitingComponents = [
  "s3-backup-bucket-access-logged",
  "stack-production-forward-both-colors",
  "stack-database-alarms",
  "stack-cache-alarms",
  "stack-load-balancer-alarms",
  "stack-service-alarms",
  "stack-alarms-notify",
  "stack-daily-backup-schedule",
];

const projectDir = path.resolve(__dirname, "../..");

describe("policy pack over the offline plans", function () {
  this.timeout(120000);

  for (const stack of ["prod", "staging"]) {
    it(`${stack}: no violation beyond the components not yet declared`, async () => {
      const plan = await planStack(projectDir, stack);
      assert.deepEqual(plan.errors, []);
      const unexpected = evaluatePolicies(plan.resources, { stack }).filter(
        (r) => !awaitingComponents.includes(r.policy),
      );
      assert.deepEqual(
        unexpected.map((r) => `${r.policy} ${r.name}: ${r.message}`),
        [],
      );
    });
  }

  it("a prod stack with weakened database settings fails on exactly those policies", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-plan-"));
    fs.copyFileSync(path.join(projectDir, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const prod = fs.readFileSync(path.join(projectDir, "Pulumi.prod.yaml"), "utf8");
    const broken = prod
      .replace(/backupRetentionDays: 30/, "backupRetentionDays: 7")
      .replace(/deletionProtection: true/, "deletionProtection: false");
    assert.notEqual(broken, prod);
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), broken);

    const plan = await planStack(dir, "broken");
    assert.deepEqual(plan.errors, []);
    const results = evaluatePolicies(plan.resources, {
      stack: "broken",
      config: loadPackConfig("prod"),
    }).filter((r) => !awaitingComponents.includes(r.policy));
    assert.deepEqual(
      results.map((r) => [r.policy, r.enforcementLevel, r.name, r.message]),
      [
        [
          "rds-backup-retention",
          "mandatory",
          "ai-skills-broken-db-instance",
          "backupRetentionPeriod is 7; keep at least 30 days.",
        ],
        [
          "rds-deletion-protection",
          "mandatory",
          "ai-skills-broken-db-instance",
          "deletionProtection is false; set it to true.",
        ],
      ],
    );
    assert.equal(hasMandatoryViolation(results), true);
  });
});
