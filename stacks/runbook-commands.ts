/**
 * The commands the `runbook` tool has, by name: the contract between the schedules a stack
 * declares and the tool its tasks run. `scripts/cli.ts` registers exactly these (a test holds the
 * two together), and an enabled schedule may only run one of them.
 */
export const runbookCommands = [
  "health",
  "db-maintenance",
  "perf-review",
  "access-review",
  "security-audit",
  "backup",
  "backup-verify",
] as const;

export type RunbookCommand = (typeof runbookCommands)[number];

export function isRunbookCommand(name: string): name is RunbookCommand {
  return (runbookCommands as readonly string[]).includes(name);
}
