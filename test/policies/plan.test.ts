import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planStack } from "../../infra/plan-model";
import { loadPackConfig } from "../../policies/config";
import { evaluatePolicies, hasMandatoryViolation } from "../../policies/evaluate";

/**
 * The pack over the real offline plans: every resource and the stack as a whole pass every
 * policy, advisory ones included.
 */

const projectDir = path.resolve(__dirname, "../..");

describe("policy pack over the offline plans", function () {
  this.timeout(120000);

  for (const stack of ["prod", "staging"]) {
    it(`${stack}: zero violations`, async () => {
      const plan = await planStack(projectDir, stack);
      assert.deepEqual(plan.errors, []);
      const results = evaluatePolicies(plan.resources, { stack });
      assert.deepEqual(
        results.map((r) => `${r.policy} ${r.name}: ${r.message}`),
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
    });
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
