/** A request body as the fake read it: its text, or how much arrived before it passed the limit. */
export type ReadBody = { text: string } | { tooLarge: number };

/**
 * Reads a request's body as UTF-8 text, up to `limit` bytes. A declared
 * `Content-Length` over the limit is refused without reading anything, and a
 * body that grows past it is cancelled there, so an oversized upload is never
 * held in memory.
 */
export async function readBody(request: Request, limit: number): Promise<ReadBody> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    discard(request.body);
    return { tooLarge: Number(declared) };
  }
  if (!request.body) return { text: "" };
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      // Not awaited: cancelling some mocked bodies never settles.
      reader.cancel().catch(() => {});
      return { tooLarge: bytes };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode() };
}

/** Lets go of a body nobody will read. */
function discard(body: ReadableStream<Uint8Array> | null): void {
  if (body && !body.locked) body.cancel().catch(() => {});
}
