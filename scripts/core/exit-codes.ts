/** Exit codes of `runbook`: each means one thing, and `runbook --help` lists them. */
export const ExitCode = {
  /** Every check passed and every step ran. */
  ok: 0,
  /** The command ran, and at least one check failed or a finding needs attention. */
  checkFailed: 1,
  /** Bad usage or input: an unknown option, a malformed outputs file, an unknown stack. */
  badInput: 2,
  /** The target could not be reached: the stack's backend, Secrets Manager or the database. */
  unreachable: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeHelp = [
  "Exit codes:",
  `  ${ExitCode.ok}  every check passed`,
  `  ${ExitCode.checkFailed}  a check failed or a finding needs attention (see the report)`,
  `  ${ExitCode.badInput}  bad usage or input (options, outputs file, stack name, missing tables)`,
  `  ${ExitCode.unreachable}  target unreachable (stack backend, Secrets Manager, database);`,
  "     health probes every dependency itself: one it cannot reach is a failed check (1)",
].join("\n");
