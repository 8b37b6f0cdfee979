/** Raised when a step does not finish within its time limit. */
export class TimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not answer within ${timeoutMs} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Resolves or rejects like `work`, or rejects with a TimeoutError after `timeoutMs`; `onTimeout`
 * then releases whatever the work holds (a socket, a client), so the process can exit.
 */
export async function withTimeout<T>(
  what: string,
  timeoutMs: number,
  work: Promise<T>,
  onTimeout: () => void = () => undefined,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new TimeoutError(what, timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
