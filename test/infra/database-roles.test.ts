import { strict as assert } from "node:assert";
import { planStack, type Plan } from "../../infra/plan-model";
import { fixtureProject, ofType, realConfigWith } from "../helpers/plan";

interface Container {
  name: string;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
}

const containersOf = (plan: Plan): Container[] =>
  ofType(plan, "aws:ecs/taskDefinition:TaskDefinition").flatMap(
    (t) => JSON.parse(String(t.inputs.containerDefinitions)) as Container[],
  );

describe("in-database roles (database.manageRoles)", () => {
  let plan: Plan;
  before(async () => {
    const dir = fixtureProject(
      "roles",
      realConfigWith("staging", { "ai-skills:database": { manageRoles: true } }),
    );
    plan = await planStack(dir, "roles");
    assert.deepEqual(plan.errors, []);
  });

  it("declares the app and read-only roles, their grants and pg_stat_statements", () => {
    const roles = ofType(plan, "postgresql:index/role:Role").map((r) => r.inputs.name);
    assert.deepEqual(roles.sort(), ["ai_skills_app", "ai_skills_readonly"]);
    const extension = ofType(plan, "postgresql:index/extension:Extension");
    assert.deepEqual(
      extension.map((e) => e.inputs.name),
      ["pg_stat_statements"],
    );
    const tables = ofType(plan, "postgresql:index/grant:Grant").filter(
      (g) => g.inputs.objectType === "table",
    );
    assert.deepEqual(
      tables.map((g) => [g.name.replace(/^.*-roles-/, ""), g.inputs.privileges]).sort(),
      [
        ["app-tables", ["SELECT", "INSERT", "UPDATE", "DELETE"]],
        ["readonly-tables", ["SELECT"]],
      ],
    );
    const provider = ofType(plan, "pulumi:providers:postgresql")[0];
    assert.equal(provider.inputs.sslmode, "require");
    assert.equal(provider.inputs.password, "[secret]");
  });

  it("connects the app as ai_skills_app with that role's secret; the runbook stays master", () => {
    const containers = containersOf(plan);
    const app = containers.filter((c) => c.name === "app");
    const runbook = containers.filter((c) => c.name === "runbook");
    assert.equal(app.length, 2);
    for (const c of app) {
      const user = c.environment?.find((e) => e.name === "DATABASE_USER")?.value;
      assert.equal(user, "ai_skills_app");
      const password = c.secrets?.find((s) => s.name === "DATABASE_PASSWORD")?.valueFrom;
      assert.match(String(password), /-db-roles-app:password::$/);
    }
    for (const c of runbook) {
      const password = c.secrets?.find((s) => s.name === "RUNBOOK_DATABASE_PASSWORD")?.valueFrom;
      assert.match(String(password), /-db-master:password::$/);
    }
  });
});
