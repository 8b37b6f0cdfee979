import pino from "pino";
import { Redactor, TextSink, redactingStream } from "./redactor";

export type Logger = pino.Logger;

/**
 * Structured logs on stderr: warnings and errors by default, every step with `--verbose`.
 * Secrets never reach the stream: it redacts, and the known secret fields are censored too.
 */
export function createLogger(stderr: TextSink, redactor: Redactor, verbose: boolean): Logger {
  return pino(
    {
      level: verbose ? "debug" : "warn",
      base: { tool: "runbook" },
      redact: { paths: ["password", "*.password", "authToken", "*.authToken"], censor: "***" },
    },
    redactingStream(stderr, redactor),
  );
}
