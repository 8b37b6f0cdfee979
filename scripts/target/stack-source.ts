import { StackOutputs } from "../../stacks/outputs";
import { RunbookError, UnreachableError, messageOf } from "../core/errors";
import { parseStackOutputs } from "./outputs-file";

/** Where `--stack NAME` gets a stack's outputs from. Tests use a fake. */
export interface StackOutputsSource {
  /** The named stack's outputs, validated; throws a RunbookError when it cannot. */
  outputsOf(stackName: string): Promise<StackOutputs>;
}

/**
 * Reads a stack's outputs through the Pulumi Automation API (`LocalWorkspace`), which runs the
 * Pulumi CLI. Without the CLI or the backend this fails with "cannot reach stack".
 */
export class PulumiStackSource implements StackOutputsSource {
  /** @param workDir folder of Pulumi.yaml; default: the current directory. */
  constructor(private readonly workDir: string = process.cwd()) {}

  async outputsOf(stackName: string): Promise<StackOutputs> {
    let plain: Record<string, unknown>;
    try {
      const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
      const workspace = await LocalWorkspace.create({ workDir: this.workDir });
      await workspace.selectStack(stackName);
      const outputs = await workspace.stackOutputs(stackName);
      plain = Object.fromEntries(Object.entries(outputs).map(([key, out]) => [key, out.value]));
    } catch (error) {
      if (error instanceof RunbookError) throw error;
      const reason = /ENOENT/.test(messageOf(error))
        ? "the pulumi CLI is not installed here"
        : shorten(messageOf(error));
      throw new UnreachableError(
        `cannot reach stack ${stackName} through the Pulumi CLI (${reason}); ` +
          "pass --outputs FILE with the output of `pulumi stack output --json`",
      );
    }
    return parseStackOutputs(plain, `outputs of stack ${stackName}`);
  }
}

function shorten(text: string, limit = 160): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
