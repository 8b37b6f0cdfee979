import { Writable } from "node:stream";

const mask = "[redacted]";

/**
 * Holds every secret the run has read and removes them from any text before it is written.
 * All of the tool's output (stdout, stderr, logs) passes through one of these.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; empty values are ignored (nothing to hide). */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length > 0) {
      this.secrets.add(secret);
      this.secrets.add(encodeURIComponent(secret));
    }
  }

  clean(text: string): string {
    let cleaned = text;
    for (const secret of this.secrets) {
      cleaned = cleaned.split(secret).join(mask);
    }
    return cleaned;
  }
}

/** Something text can be written to: process.stdout, process.stderr or a test's buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/** A sink that redacts before writing to the wrapped one. */
export function redactingSink(sink: TextSink, redactor: Redactor): TextSink {
  return { write: (text: string) => sink.write(redactor.clean(text)) };
}

/** A Writable (for pino) that redacts each chunk and hands it to a sink. */
export function redactingStream(sink: TextSink, redactor: Redactor): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      sink.write(redactor.clean(chunk.toString()));
      callback();
    },
  });
}
