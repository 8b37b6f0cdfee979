import { ExitCode } from "./exit-codes";
import { RunbookError } from "./errors";

/**
 * Stopping cleanly on SIGTERM (ECS stopping a task) or SIGINT (Ctrl-C): instead of dying at once,
 * the tool aborts what it is waiting on (child programs such as pg_dump and pg_restore get the
 * signal), so each command's own `finally` blocks run: a scratch database is dropped, a temporary
 * dump removed, and nothing half-done is marked complete. A second signal, or `graceMs` passing,
 * ends the process at once.
 */
export class Interruption {
  private readonly controller = new AbortController();
  private received: NodeJS.Signals | undefined;

  /** Aborted when a stop signal arrives; pass it to child processes and long waits. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The signal that stopped the run, if one did. */
  get stoppedBy(): NodeJS.Signals | undefined {
    return this.received;
  }

  /** Marks the run stopped and aborts everything waiting on `signal`. */
  stop(signal: NodeJS.Signals): void {
    if (this.received !== undefined) return;
    this.received = signal;
    this.controller.abort(new RunbookError(`stopped by ${signal}`, ExitCode.checkFailed));
  }

  /** Throws if the run was stopped: call between steps so no new step starts. */
  throwIfStopped(): void {
    if (this.received !== undefined) {
      throw new RunbookError(
        `stopped by ${this.received} before the next step`,
        ExitCode.checkFailed,
      );
    }
  }
}

/** The process-wide interruption state of the running command. */
export const interruption = new Interruption();

/** Exit status of a process ended by a signal, as shells report it (128 + signal number). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (signal === "SIGINT" ? 2 : 15);
}

/**
 * Installs the handlers: the first SIGINT/SIGTERM stops the run gracefully (with a note on
 * stderr), a second one or `graceMs` later exits at once.
 */
export function installSignalHandlers(
  write: (text: string) => void,
  graceMs = 25_000,
  state: Interruption = interruption,
): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.stoppedBy !== undefined) process.exit(signalExitCode(signal));
    write(`runbook: ${signal} received: stopping the current step and cleaning up\n`);
    state.stop(signal);
    setTimeout(() => process.exit(signalExitCode(signal)), graceMs).unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
