import { readStackSettings } from "../stacks/config";
import type { StackOutputs } from "../stacks/outputs";
import { platform, type ExportsOf } from "./program";
import { runbookOutputs } from "./stack-outputs";

/**
 * The Pulumi program. Settings are read and validated before any resource is declared; the
 * returned object becomes the stack outputs and has exactly the fields of `StackOutputs`.
 */
export = async (): Promise<ExportsOf<StackOutputs>> => {
  const settings = readStackSettings();
  const p = platform(settings);
  return {
    ...runbookOutputs(settings, p),
    opsTaskDefinitionArn: p.ops.taskDefinition.arn,
  };
};
