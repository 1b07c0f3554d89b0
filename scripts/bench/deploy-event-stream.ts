// Reads a Server-Sent Events response as a browser's EventSource does (event-stream framing:
// `event:` / `data:` / `id:` lines, a blank line dispatches, `:` lines are comments), yielding
// each message with the moment its last byte arrived.

export interface StreamMessage {
  event: string;
  data: string;
  id?: string;
  /** performance.now() when the message was complete. */
  at: number;
}

/** Messages of an open event-stream response, until it ends (or the fetch's signal aborts it). */
export async function* eventMessages(response: Response): AsyncGenerator<StreamMessage> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    yield* framesOf(reader);
  } finally {
    // A consumer that stops early closes the connection, as a page closing its EventSource does.
    await reader.cancel().catch(() => undefined);
  }
}

async function* framesOf(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<StreamMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let message: Partial<StreamMessage> = {};
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const at = performance.now();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (message.data !== undefined) yield { event: message.event ?? 'message', data: message.data, id: message.id, at };
        message = {};
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') message.data = message.data === undefined ? text : `${message.data}\n${text}`;
      else if (field === 'event') message.event = text;
      else if (field === 'id') message.id = text;
    }
  }
}
