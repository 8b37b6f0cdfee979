import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { taggableTypes } from "../../policies/tags";
import { projectDir, realPlan } from "../helpers/plan";

/** Whether an @pulumi/aws resource type takes `tags` in its Args, from the SDK's own d.ts. */
function takesTags(token: string): boolean {
  const [, module, name] = token.split(":");
  const [folder, file] = module.split("/");
  const dts = path.join(projectDir, "node_modules/@pulumi/aws", folder, `${file}.d.ts`);
  const source = fs.readFileSync(dts, "utf8");
  const args = new RegExp(`export interface ${name}Args \\{([\\s\\S]*?)\\n\\}`).exec(source);
  assert.ok(args, `${dts} has no ${name}Args`);
  return /\n\s+tags\?:/.test(args[1]);
}

describe("required-tags covers every taggable type the program declares", () => {
  for (const stack of ["staging", "prod"] as const) {
    it(`${stack}: each declared AWS type that takes tags is in taggableTypes`, async () => {
      const plan = await realPlan(stack);
      const types = [...new Set(plan.resources.map((r) => r.type))].filter(
        (t) => t.startsWith("aws:") && !t.startsWith("aws:index/"),
      );
      const missing = types.filter((t) => takesTags(t) && !taggableTypes.includes(t));
      assert.deepEqual(missing, []);
    });
  }
});
