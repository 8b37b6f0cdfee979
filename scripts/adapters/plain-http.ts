import { messageOf } from "../core/errors";

/** The first answer of a server to a GET, redirects not followed. */
export interface FirstAnswer {
  readonly status: number;
  /** The Location header, resolved against the request URL, or null. */
  readonly location: string | null;
}

/** GET `url` without following redirects; rejects with one line naming the URL on no answer. */
export async function firstAnswer(url: string, signal: AbortSignal): Promise<FirstAnswer> {
  try {
    const response = await fetch(url, { redirect: "manual", signal });
    await response.body?.cancel();
    const location = response.headers.get("location");
    return {
      status: response.status,
      location: location === null ? null : new URL(location, url).toString(),
    };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause === undefined ? messageOf(error) : messageOf(cause);
    throw new Error(`GET ${url}: ${detail}`, { cause: error });
  }
}
