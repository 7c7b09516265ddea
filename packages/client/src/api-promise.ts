import type { Reply } from "./transport.js";

/**
 * The promise every method returns. Await it for the unwrapped `result`;
 * `.withResponse()` gives the result with the HTTP `Response`, and
 * `.asResponse()` the `Response` alone, with its body unread. The request is
 * sent when the method is called, whether or not anything awaits it.
 *
 * @example
 * ```ts
 * const { data: group, response } = await client.iam.userGroups.get(id).withResponse();
 * console.log(group.name, response.headers.get("cf-ray"));
 * ```
 */
export class APIPromise<T> implements Promise<T> {
  readonly #reply: Promise<Reply>;
  readonly #parse: (reply: Reply) => T | Promise<T>;
  #parsed: Promise<T> | undefined;

  constructor(reply: Promise<Reply>, parse: (reply: Reply) => T | Promise<T>) {
    this.#reply = reply;
    this.#parse = parse;
  }

  /** The HTTP response (status, headers and an unread copy of the body). */
  asResponse(): Promise<Response> {
    return this.#reply.then(({ response, text }) => new Response(text, response));
  }

  /** The result together with the HTTP response it came from. */
  async withResponse(): Promise<{ data: T; response: Response }> {
    return { data: await this, response: (await this.#reply).response };
  }

  // biome-ignore lint/suspicious/noThenProperty: this is a promise; `then` is its contract.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // Parsed once, on first use, however many times the promise is awaited.
    this.#parsed ??= this.#reply.then(this.#parse);
    return this.#parsed.then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  readonly [Symbol.toStringTag] = "APIPromise";
}
