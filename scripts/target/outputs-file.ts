import { readFile } from "node:fs/promises";
import { z } from "zod";
import { StackOutputs, stackOutputsSchema } from "../../stacks/outputs";
import { BadInputError, messageOf } from "../core/errors";

/** The first few schema problems, each as `path: what is wrong`, on one line. */
export function describeSchemaIssues(error: z.ZodError, limit = 3): string {
  const issues = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length === 0 ? "(top level)" : issue.path.join(".");
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : "";
  return issues.join("; ") + more;
}

/** Validates parsed JSON against the outputs contract; `source` names where it came from. */
export function parseStackOutputs(value: unknown, source: string): StackOutputs {
  const result = stackOutputsSchema.safeParse(value);
  if (!result.success) {
    throw new BadInputError(
      `${source} does not match the stack outputs contract (stacks/outputs.ts): ` +
        describeSchemaIssues(result.error),
    );
  }
  return result.data;
}

/** Parses JSON text of stack outputs; `source` names where it came from. */
export function parseStackOutputsJson(text: string, source: string): StackOutputs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BadInputError(
      `${source} is not valid JSON (${messageOf(error)}); ` +
        "expected the output of `pulumi stack output --json`",
    );
  }
  return parseStackOutputs(value, source);
}

/** Reads and validates an outputs file given with `--outputs FILE`. */
export async function loadOutputsFile(path: string): Promise<StackOutputs> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : messageOf(error);
    throw new BadInputError(
      `cannot read outputs file ${path}: ${reason}; ` +
        "pass a file written by `pulumi stack output --json`, e.g. local/outputs.json",
    );
  }
  return parseStackOutputsJson(text, `outputs file ${path}`);
}
