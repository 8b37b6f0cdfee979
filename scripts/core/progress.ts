import { SingleBar } from "cli-progress";

/** Progress of one long step, in bytes. */
export interface Progress {
  update(doneBytes: number, totalBytes: number): void;
  stop(): void;
}

/** Makes a progress display for a step, or one that shows nothing. */
export type ProgressFactory = (label: string) => Progress;

/** Shows nothing: for pipes, `--json` runs and tests. */
export const silentProgress: ProgressFactory = () => ({
  update: () => undefined,
  stop: () => undefined,
});

/**
 * A bar on stderr when stderr is a terminal (cli-progress), nothing otherwise: progress for a
 * person watching, silence in pipes and scheduled tasks.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressFactory {
  if (!stream.isTTY) return silentProgress;
  return (label) => {
    const bar = new SingleBar({
      stream,
      format: `${label} [{bar}] {percentage}% {done}/{size} MiB`,
      hideCursor: true,
      clearOnComplete: true,
    });
    let started = false;
    const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
    return {
      update(doneBytes, totalBytes) {
        if (!started) {
          bar.start(totalBytes, 0, { done: mib(0), size: mib(totalBytes) });
          started = true;
        }
        bar.setTotal(totalBytes);
        bar.update(doneBytes, { done: mib(doneBytes), size: mib(totalBytes) });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  };
}
