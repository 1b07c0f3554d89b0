// The HTTP server under every stand-in: reads the request with a size bound, classifies it into an
// operation, applies injected faults, calls the protocol handler, and logs the exchange. A handler
// that throws becomes the protocol's own internal-error answer, so a stand-in never crashes and
// never leaves a request unanswered (except on purpose: `lose-response` and `hang`).
//
// Every stand-in also serves a small control API on the same port, outside the real protocol:
//   GET    /__sandbox/requests[?operation=X&after=N]   the request log
//   DELETE /__sandbox/requests                         clear it
//   GET    /__sandbox/faults                           current knobs and rules
//   PUT    /__sandbox/faults  {knobs?, rules?}         replace them
//   DELETE /__sandbox/faults                           clear them
// plus whatever `control` routes the stand-in adds (e.g. making a resource fail on purpose).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { FaultPlan, faultKnobsSchema, faultRuleSchema, type FaultKind } from './faults';
import { RequestLog } from './request-log';

export interface StandInRequest {
  method: string;
  /** Path without the query string, e.g. `/api/public/v1/sources`. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON; throws `BadJson` when it is not. */
  json(): unknown;
}

export interface StandInResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export class BadJson extends Error {
  override name = 'BadJson';
}

export interface ProtocolAdapter {
  /** Operation name for the log and fault matching (AWS action, OpenAPI operationId, …). */
  classify(request: StandInRequest): string;
  handle(request: StandInRequest): Promise<StandInResponse>;
  /** The protocol's answer for an injected throttle or 5xx. */
  faultResponse(kind: Extract<FaultKind, 'throttle' | 'server-error'>, request: StandInRequest, status: number): StandInResponse;
  /** The protocol's answer when the handler threw (a bug in the stand-in, or bad input it missed). */
  internalError(request: StandInRequest, error: unknown): StandInResponse;
  /** The protocol's answer to a body over the size limit. */
  tooLarge(request: StandInRequest): StandInResponse;
  /** Extra control routes under `/__sandbox/`; return undefined when the path is not one of them. */
  control?(request: StandInRequest): Promise<StandInResponse | undefined>;
}

export interface StandInOptions {
  name: string;
  adapter: ProtocolAdapter;
  port?: number;
  host?: string;
  /** Keep request and response bodies in the log (tests only: they carry credentials). */
  recordBodies?: boolean;
  maxBodyBytes?: number;
  /** Upper bound for an injected hang, so nothing ever waits forever. */
  maxHangMs?: number;
  random?: () => number;
}

export interface StandIn {
  name: string;
  url: string;
  port: number;
  log: RequestLog;
  faults: FaultPlan;
  close(): Promise<void>;
}

const faultsBodySchema = z
  .object({ knobs: faultKnobsSchema.partial().optional(), rules: z.array(faultRuleSchema).max(100).optional() })
  .strict();

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): StandInResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toRequest(req: http.IncomingMessage, body: Buffer): StandInRequest {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    text: () => body.toString('utf8'),
    json: () => {
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch (cause) {
        throw new BadJson('the request body is not valid JSON', { cause });
      }
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function controlResponse(
  request: StandInRequest,
  log: RequestLog,
  faults: FaultPlan,
  adapter: ProtocolAdapter,
): Promise<StandInResponse> {
  if (request.path === '/__sandbox/requests') {
    if (request.method === 'DELETE') {
      log.clear();
      return { status: 204 };
    }
    const after = request.query.get('after');
    return jsonResponse(200, {
      requests: log.list({ operation: request.query.get('operation') ?? undefined, after: after ? Number(after) : undefined }),
    });
  }
  if (request.path === '/__sandbox/faults') {
    if (request.method === 'GET') return jsonResponse(200, faults.describe());
    if (request.method === 'DELETE') {
      faults.clear();
      return { status: 204 };
    }
    if (request.method === 'PUT') {
      let parsed;
      try {
        parsed = faultsBodySchema.safeParse(request.json());
      } catch {
        return jsonResponse(400, { message: 'the body is not valid JSON' });
      }
      if (!parsed.success) return jsonResponse(400, { message: 'invalid fault settings', issues: parsed.error.issues });
      faults.clear();
      if (parsed.data.knobs) faults.setKnobs(parsed.data.knobs);
      if (parsed.data.rules) faults.setRules(parsed.data.rules);
      return jsonResponse(200, faults.describe());
    }
  }
  const extra = await adapter.control?.(request);
  return extra ?? jsonResponse(404, { message: `no sandbox control route ${request.method} ${request.path}` });
}

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const log = new RequestLog(5000, options.recordBodies ?? false);
  const faults = new FaultPlan(options.random);
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const maxHang = options.maxHangMs ?? 120_000;
  const { adapter } = options;
  const open = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    void serve(req, res);
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    open.add(res);
    res.on('close', () => open.delete(res));
    let request: StandInRequest = toRequest(req, Buffer.alloc(0));
    let operation = 'unknown';
    let faultName: string | undefined;
    let response: StandInResponse | undefined;
    try {
      const body = await readBody(req, maxBody);
      if (body === 'too-large') {
        response = adapter.tooLarge(request);
      } else {
        request = toRequest(req, body);
        if (request.path.startsWith('/__sandbox/')) {
          response = await controlResponse(request, log, faults, adapter);
          operation = 'sandbox-control';
        } else {
          operation = adapter.classify(request);
          const decision = faults.decide(operation);
          await sleep(decision.delayMs, aborted.signal);
          const fault = decision.fault;
          faultName = fault?.kind;
          if (fault?.kind === 'throttle' || fault?.kind === 'server-error') {
            response = adapter.faultResponse(fault.kind, request, fault.status ?? 500);
          } else if (fault?.kind === 'hang') {
            await sleep(fault.latencyMs ?? maxHang, aborted.signal);
            res.destroy();
          } else {
            response = await adapter.handle(request);
            if (fault?.kind === 'lose-response') res.destroy();
          }
        }
      }
    } catch (error) {
      response = adapter.internalError(request, error);
    }
    const dropped = res.destroyed || !response;
    if (!dropped && response) {
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    }
    if (operation !== 'sandbox-control') {
      log.add({
        at: new Date(started).toISOString(),
        method: request.method,
        path: request.path,
        operation,
        status: dropped ? 0 : (response?.status ?? 0),
        durationMs: Date.now() - started,
        fault: faultName,
        requestBody: log.recordBodies ? request.text() : undefined,
        responseBody: log.recordBodies && response?.body ? response.body.toString() : undefined,
        requestHeaders: log.recordBodies ? flattenHeaders(request.headers) : undefined,
      });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name: options.name,
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
