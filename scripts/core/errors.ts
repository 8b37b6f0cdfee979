import { ExitCode, ExitCodeValue } from "./exit-codes";

/**
 * An error the tool expects and explains: its message is one line that names the object and
 * the fix, and it carries the exit code the process ends with.
 */
export class RunbookError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad usage or input: the operator can fix it by changing the command line or a file. */
export class BadInputError extends RunbookError {
  constructor(message: string) {
    super(message, ExitCode.badInput);
  }
}

/** The target (stack backend, Secrets Manager, database) could not be reached. */
export class UnreachableError extends RunbookError {
  constructor(message: string) {
    super(message, ExitCode.unreachable);
  }
}

/** The message of anything thrown, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, " ").trim();
}
