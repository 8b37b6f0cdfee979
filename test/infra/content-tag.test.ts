import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { contentTag, copiedFiles } from "../../infra/content-tag";
import { projectDir } from "../helpers/plan";

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "content-tag-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const dockerfile = [
  "FROM node:20",
  "COPY package.json package-lock.json ./",
  "COPY --chown=1000:1000 scripts ./scripts",
  "COPY --from=builder /out /out",
  "RUN npm ci",
].join("\n");

describe("content tag of the operations image", () => {
  it("lists exactly the files the Dockerfile copies, sorted, skipping multi-stage copies", () => {
    const dir = project({
      "ops/Dockerfile": dockerfile,
      "package.json": "{}",
      "package-lock.json": "{}",
      "scripts/a.ts": "a",
      "scripts/sub/b.ts": "b",
      "README.md": "not copied",
    });
    assert.deepEqual(copiedFiles(dir, dockerfile), [
      "package-lock.json",
      "package.json",
      "scripts/a.ts",
      "scripts/sub/b.ts",
    ]);
  });

  it("changes when a copied file changes, and only then", () => {
    const files = {
      "ops/Dockerfile": dockerfile,
      "package.json": "{}",
      "package-lock.json": "{}",
      "scripts/a.ts": "a",
      "README.md": "one",
    };
    const dir = project(files);
    const first = contentTag("runbook", dir, "ops/Dockerfile");
    assert.match(first, /^runbook-[0-9a-f]{16}$/);
    fs.writeFileSync(path.join(dir, "README.md"), "two");
    assert.equal(contentTag("runbook", dir, "ops/Dockerfile"), first);
    fs.writeFileSync(path.join(dir, "scripts/a.ts"), "changed");
    assert.notEqual(contentTag("runbook", dir, "ops/Dockerfile"), first);
  });

  it("names a copied path that does not exist", () => {
    const dir = project({ "ops/Dockerfile": "COPY missing ./missing\n" });
    assert.throws(
      () => contentTag("runbook", dir, "ops/Dockerfile"),
      new RegExp(`^Error: the Dockerfile copies missing, which is not in ${dir}$`),
    );
  });

  it("covers the real ops/Dockerfile: the runbook's sources are in the tag", () => {
    const text = fs.readFileSync(path.join(projectDir, "ops/Dockerfile"), "utf8");
    const files = copiedFiles(projectDir, text);
    for (const expected of [
      "bin/runbook.js",
      "scripts/cli.ts",
      "stacks/outputs.ts",
      "package-lock.json",
    ]) {
      assert.ok(files.includes(expected), expected);
    }
  });
});
