import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { sectionSchemas } from "../../stacks/settings";
import { projectDir } from "../helpers/plan";

describe("Pulumi.yaml describes every setting", () => {
  const text = fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8");

  for (const [section, schema] of Object.entries(sectionSchemas)) {
    it(`documents each field of ai-skills:${section}`, () => {
      const block = new RegExp(`^# ai-skills:${section}\\n((?:#   .*\\n)+)`, "m").exec(text);
      assert.ok(block, `Pulumi.yaml has no comment block for ai-skills:${section}`);
      const documented = [...block[1].matchAll(/^# {3}(\w+)/gm)].map((m) => m[1]).sort();
      assert.deepEqual(documented, Object.keys(schema.shape).sort());
    });
  }

  it("declares the scalar settings with a type and description", () => {
    const project = parse(text) as {
      config: Record<string, { type: string; description: string }>;
    };
    for (const key of ["ai-skills:environment", "ai-skills:owner", "ai-skills:costCenter"]) {
      assert.equal(project.config[key]?.type, "string", key);
      assert.ok(project.config[key]?.description.length > 10, key);
    }
  });
});
