import { Command, CommanderError } from "commander";
import { planStack } from "./plan-model";
import { renderPlan } from "./plan-print";
import { listStacks } from "./stack-files";

/**
 * `npm run plan -- --stack <name> [--json]`: the offline plan of a stack. Exit codes: 0 the plan
 * is clean; 1 the settings are invalid, the program failed, or a mandatory policy is violated;
 * 2 bad usage or an unknown stack.
 */
async function main(argv: string[]): Promise<number> {
  const program = new Command("plan")
    .description("Run the Pulumi program offline for a stack and print what it would declare.")
    .option("-s, --stack <name>", "stack to plan: the <name> of a Pulumi.<name>.yaml")
    .option("--json", "print the plan as JSON on stdout")
    .option("--project-dir <dir>", "folder holding Pulumi.yaml and the stack files", ".")
    .addHelpText(
      "after",
      "\nExample:\n  npm run plan -- --stack staging\n  npm run plan -- --stack prod --json",
    )
    .exitOverride();
  try {
    program.parse(argv);
  } catch (error) {
    return (error as CommanderError).exitCode === 0 ? 0 : 2;
  }
  const options = program.opts<{ stack?: string; json?: boolean; projectDir: string }>();
  if (options.stack === undefined) {
    let stacks = "none found";
    try {
      stacks = listStacks(options.projectDir).join(", ");
    } catch {
      // The project folder is unreadable; planStack below says so.
    }
    process.stderr.write(
      `plan: name a stack with --stack <name> (stacks here: ${stacks}); ` +
        "through npm: npm run plan -- --stack staging\n",
    );
    return 2;
  }

  let plan;
  try {
    plan = await planStack(options.projectDir, options.stack);
  } catch (error) {
    process.stderr.write(`plan: ${(error as Error).message}\n`);
    return 2;
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderPlan(plan)}\n`);
  }
  // One line on stderr for whoever reads only that (CI with stdout discarded, --json callers).
  if (plan.errors.length > 0) {
    process.stderr.write(
      `plan: stack ${plan.stack} stopped with ${plan.errors.length} error(s); first: ` +
        `${plan.errors[0]}\n`,
    );
  }
  const mandatory = plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory");
  if (mandatory.length > 0) {
    process.stderr.write(
      `plan: ${mandatory.length} mandatory policy violation(s); first: ` +
        `${mandatory[0].policy} on ${mandatory[0].name ?? "the stack"}\n`,
    );
  }
  return plan.errors.length > 0 || mandatory.length > 0 ? 1 : 0;
}

// Exit only once stdout has drained: a large JSON plan written to a pipe is flushed
// asynchronously, and exiting at once would cut it short.
main(process.argv).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (error: Error) => {
    process.stderr.write(`plan: unexpected failure: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
