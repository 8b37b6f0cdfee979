import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { StackOutputs, stackOutputsSchema } from "../../../stacks/outputs";

const localOutputsPath = join(__dirname, "..", "..", "..", "local", "outputs.json");

/** The shipped local outputs, parsed: the base every test target derives from. */
export function localOutputs(): StackOutputs {
  return stackOutputsSchema.parse(JSON.parse(readFileSync(localOutputsPath, "utf8")));
}

export interface TargetParts {
  readonly appUrl?: string;
  readonly database?: Partial<StackOutputs["database"]>;
  readonly redis?: Partial<StackOutputs["redis"]>;
  readonly loadBalancerArn?: string;
}

/** Local outputs with some parts replaced. */
export function targetOutputs(parts: TargetParts): StackOutputs {
  const base = localOutputs();
  return {
    ...base,
    appUrl: parts.appUrl ?? base.appUrl,
    loadBalancerArn: parts.loadBalancerArn ?? base.loadBalancerArn,
    database: { ...base.database, ...parts.database },
    redis: { ...base.redis, ...parts.redis },
  };
}

const folder = mkdtempSync(join(tmpdir(), "runbook-test-"));
let written = 0;

/** Writes outputs (or any text) to a fresh file and returns its path. */
export function writeOutputsFile(content: StackOutputs | string): string {
  written += 1;
  const path = join(folder, `outputs-${written}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}
