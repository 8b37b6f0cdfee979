import { messageOf } from "../core/errors";

export interface HttpResult {
  readonly status: number;
  readonly body: string;
}

/** GET with a time limit; rejects with one line naming the URL when there is no answer. */
export async function httpGet(url: string, timeoutMs: number): Promise<HttpResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") {
      throw new Error(`GET ${url}: no answer within ${timeoutMs} ms`, { cause: error });
    }
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause === undefined ? messageOf(error) : messageOf(cause);
    throw new Error(`GET ${url}: ${detail}; check appUrl in the outputs and that the app runs`, {
      cause: error,
    });
  }
}

/** Joins the app's base URL and a path, keeping any path prefix of the base. */
export function appEndpoint(appUrl: string, path: string): string {
  const base = appUrl.endsWith("/") ? appUrl : `${appUrl}/`;
  return new URL(path.replace(/^\//, ""), base).toString();
}
