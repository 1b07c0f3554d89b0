// The inspectable request log every stand-in keeps: what was called, how it was answered, and
// which injected fault (if any) shaped the answer. Tests count calls through it (REL-1, REL-4);
// a user of the sandbox reads it at /__sandbox/requests. Bodies are kept only when asked for
// (tests), because requests to stand-ins carry the same credentials real services receive.

export interface LoggedRequest {
  /** Increasing number, starting at 1 for each stand-in. */
  seq: number;
  at: string;
  method: string;
  path: string;
  /** Operation name as the stand-in classifies it (AWS action, OpenAPI operationId, …). */
  operation: string;
  /** Response status; 0 when the connection was dropped without an answer. */
  status: number;
  durationMs: number;
  fault?: string;
  requestBody?: string;
  responseBody?: string;
  requestHeaders?: Record<string, string>;
}

const BODY_LIMIT = 256 * 1024;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(
    private readonly capacity = 5000,
    readonly recordBodies = false,
  ) {}

  add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const full: LoggedRequest = { seq: ++this.seq, ...entry };
    if (!this.recordBodies) {
      delete full.requestBody;
      delete full.responseBody;
      delete full.requestHeaders;
    } else {
      if (full.requestBody && full.requestBody.length > BODY_LIMIT) full.requestBody = full.requestBody.slice(0, BODY_LIMIT);
      if (full.responseBody && full.responseBody.length > BODY_LIMIT) full.responseBody = full.responseBody.slice(0, BODY_LIMIT);
    }
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  /** Entries in arrival order, optionally only one operation's or those after a sequence number. */
  list(filter: { operation?: string; after?: number } = {}): LoggedRequest[] {
    return this.entries.filter(
      (e) => (!filter.operation || e.operation === filter.operation) && (filter.after === undefined || e.seq > filter.after),
    );
  }

  /** How many requests of an operation were answered (dropped ones included, faults included). */
  count(operation: string): number {
    return this.entries.reduce((n, e) => n + (e.operation === operation ? 1 : 0), 0);
  }

  clear(): void {
    this.entries = [];
  }
}
