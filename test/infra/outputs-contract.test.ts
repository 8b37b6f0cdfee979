import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackOutputsSchema } from "../../stacks/outputs";
import { projectDir } from "../helpers/plan";

describe("stack outputs contract", () => {
  const local = JSON.parse(
    fs.readFileSync(path.join(projectDir, "local/outputs.json"), "utf8"),
  ) as Record<string, unknown>;

  it("accepts the local target's outputs file", () => {
    assert.equal(stackOutputsSchema.safeParse(local).success, true);
  });

  it("refuses a URL with credentials in it, without echoing them", () => {
    for (const key of ["appUrl", "testUrl"]) {
      const result = stackOutputsSchema.safeParse({
        ...local,
        [key]: "https://admin:Pa55wordZ@app.example.com",
      });
      assert.equal(result.success, false);
      assert.deepEqual(
        result.error?.issues.map((i) => [i.path.join("."), i.message]),
        [
          [
            key,
            "must not carry a user name or password (user:secret@host); " +
              "secrets come from Secrets Manager",
          ],
        ],
      );
      assert.ok(!JSON.stringify(result.error?.issues).includes("Pa55wordZ"));
    }
  });

  it("refuses a URL that is not http or https", () => {
    assert.equal(stackOutputsSchema.safeParse({ ...local, appUrl: "ftp://app" }).success, false);
  });
});
