// Server-sent events (PERF-8) as a web ReadableStream a route handler returns. The producer
// writes messages; this helper frames them (`id:`/`event:`/`data:`), keeps idle proxies from
// cutting the connection with a comment line every ≤ 15 s, stops when the browser goes away
// (request.signal) and closes after a maximum lifetime, so load balancers can recycle
// connections and a long-open tab re-authorizes on the browser's automatic reconnect.

export interface SseMessage {
  /** The browser sends the last one back as Last-Event-ID when it reconnects. */
  id?: string;
  event?: string;
  /** Serialized as JSON. */
  data: unknown;
}

export interface SseChannel {
  send(message: SseMessage): void;
  /** Aborted once the client left, the lifetime ran out or the producer finished: stop producing. */
  readonly signal: AbortSignal;
}

export interface SseOptions {
  /** The request's signal: the browser closed the connection. */
  signal: AbortSignal;
  /** A comment line this often while nothing else is sent; capped at 15 s. */
  heartbeatMs?: number;
  /** Close the stream after this long; the browser reconnects with Last-Event-ID. */
  maxLifetimeMs?: number;
  /** How long the browser waits before reconnecting after the stream closes. */
  retryMs?: number;
  /** Told when the producer throws; the stream then closes and the browser reconnects. */
  onError?: (error: unknown) => void;
}

export const MAX_HEARTBEAT_MS = 15_000;
const DEFAULT_LIFETIME_MS = 5 * 60_000;
const DEFAULT_RETRY_MS = 1_500;

/** A field value may not contain a line break: it would end the field early. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]/g, ' ');
}

/** One message in the event-stream format, ending with the blank line that dispatches it. */
export function frame(message: SseMessage): string {
  let out = '';
  if (message.id !== undefined) out += `id: ${oneLine(message.id)}\n`;
  if (message.event !== undefined) out += `event: ${oneLine(message.event)}\n`;
  // JSON.stringify escapes line breaks inside strings, so the data is one line.
  out += `data: ${JSON.stringify(message.data)}\n\n`;
  return out;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: Next's compression (and other proxies) would otherwise buffer the stream.
  'cache-control': 'no-store, no-transform',
  'x-accel-buffering': 'no',
} as const;

export function sseResponse(produce: (channel: SseChannel) => Promise<void>, options: SseOptions): Response {
  const { signal, onError } = options;
  const heartbeatMs = Math.min(options.heartbeatMs ?? MAX_HEARTBEAT_MS, MAX_HEARTBEAT_MS);
  const encoder = new TextEncoder();
  const stop = new AbortController();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let lifetime: ReturnType<typeof setTimeout> | undefined;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;

  const close = () => {
    if (stop.signal.aborted) return;
    stop.abort();
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    signal.removeEventListener('abort', close);
    try {
      controller?.close();
    } catch {
      // Already closed by the consumer cancelling the stream.
    }
  };

  const write = (text: string) => {
    if (!stop.signal.aborted) controller?.enqueue(encoder.encode(text));
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // Sent first, so the response's headers and a first byte leave at once.
      write(`retry: ${options.retryMs ?? DEFAULT_RETRY_MS}\n\n`);
      heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
      lifetime = setTimeout(close, options.maxLifetimeMs ?? DEFAULT_LIFETIME_MS);
      if (signal.aborted) return close();
      signal.addEventListener('abort', close, { once: true });
      produce({ send: (message) => write(frame(message)), signal: stop.signal }).then(close, (error: unknown) => {
        onError?.(error);
        close();
      });
    },
    cancel() {
      close();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}

/** Waits `ms`, or less if `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal.aborted) done();
    else signal.addEventListener('abort', done, { once: true });
  });
}
