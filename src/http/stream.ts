/**
 * A streamed download: text chunks from an async iterator, gathered into chunks of about 16 KiB
 * and read from the source only when the client has taken the ones before (a `pull` stream), so
 * memory stays flat however large the file. The same `Response(ReadableStream)` serves Node
 * (@hono/node-server pipes it to the socket) and Workers.
 *
 * Anything refused before the first chunk (scope, role, dates, an empty 360Giving package) is
 * refused by the caller before this is built, as problem+json. Once the status line and the
 * first bytes are sent there is no way left to say "problem": a failure after that errors the
 * stream, so the connection is cut (Node destroys the socket; Workers abort the body) and the
 * client sees a truncated download rather than a file that looks complete. Cancelling the
 * download stops the reading (the iterator's `return`).
 */
export function streamText(
  chunks: AsyncIterator<string>,
  headers: Record<string, string>,
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = '';
        while (chunk.length < 16_384) {
          const next = await chunks.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return?.();
    },
  });
  return new Response(stream, { status: 200, headers });
}
