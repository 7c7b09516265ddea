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
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      chunks.length = 0;
      // Not awaited: cancelling some mocked bodies never settles.
      reader.cancel().catch(() => {});
      return { tooLarge: bytes };
    }
    chunks.push(value);
  }
  // Decoded once at the end: decoding chunk by chunk and joining makes several copies of a large body.
  if (chunks.length === 1) return { text: new TextDecoder().decode(chunks[0]) };
  const whole = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(whole) };
}

/** Lets go of a body nobody will read. */
function discard(body: ReadableStream<Uint8Array> | null): void {
  if (body && !body.locked) body.cancel().catch(() => {});
}
