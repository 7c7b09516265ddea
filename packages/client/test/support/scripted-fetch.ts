import { inspect } from "node:util";

/**
 * A `fetch` for the client's `fetch` option that records every request and
 * answers what `respond` returns for it (attempt numbers start at 1). Like a
 * real fetch, it rejects with the signal's reason when the request is aborted
 * before `respond` settles, so timeouts and aborts behave as on the wire.
 */
export function scriptedFetch(respond: (request: Request, attempt: number) => Response | Promise<Response>): {
  fetch: typeof fetch;
  requests: Request[];
} {
  const requests: Request[] = [];
  const scripted = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    const { signal } = request;
    signal.throwIfAborted();
    return Promise.race([
      respond(request, requests.length),
      new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    ]);
  };
  return { fetch: scripted, requests };
}

/** Every way an error (and each error in its `cause` chain) can end up in a log, joined. */
export function everyWayToShow(value: unknown): string {
  const shown: string[] = [];
  for (let depth = 0, current = value; current != null && depth < 20; depth++) {
    const error = current as Error;
    shown.push(
      String(error),
      inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      JSON.stringify(error) ?? "",
      JSON.stringify(Object.entries(error)) ?? "",
      typeof error === "object" ? `${error.message}\n${error.stack}` : "",
    );
    current = typeof error === "object" ? (error.cause as unknown) : undefined;
  }
  return shown.join("\n");
}
