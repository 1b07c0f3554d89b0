// One HTTP endpoint for every AWS service the sandbox speaks, as the SDK reaches it when each
// client is given `endpoint: <this url>`: awsQuery/ec2Query requests are routed by their `Version`
// parameter (or the signing name in the credential scope), awsJson requests by `X-Amz-Target`.
// Signatures are not checked (ENVIRONMENT.md: stand-ins may ignore them).
import { randomUUID } from 'node:crypto';
import { startStandIn, type ProtocolAdapter, type StandIn, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import { AwsError, jsonError, parseForm, queryError, queryResponse, type JsonService, type Params, type QueryService } from './protocol';

export interface AwsStandInOptions {
  query: QueryService[];
  json: JsonService[];
  port?: number;
  recordBodies?: boolean;
}

type Routed =
  | { kind: 'query'; service: QueryService; action: string; params: Params }
  | { kind: 'json'; service: JsonService; operation: string }
  | { kind: 'unknown'; flavour: 'query' | 'json'; name: string; error: AwsError };

/** `AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/cloudformation/aws4_request, …` → `cloudformation`. */
function signingName(request: StandInRequest): string | undefined {
  const auth = String(request.headers.authorization ?? '');
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1];
}

function route(request: StandInRequest, options: AwsStandInOptions): Routed {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const operation = target.slice(dot + 1);
    const service = options.json.find((s) => s.targetPrefix === prefix);
    if (service) return { kind: 'json', service, operation };
    return {
      kind: 'unknown',
      flavour: 'json',
      name: operation || 'unknown',
      error: new AwsError('UnknownOperationException', `Unknown operation ${target}`),
    };
  }
  const params = { ...Object.fromEntries(request.query), ...parseForm(request.text()) };
  const action = params.Action ?? '';
  const service =
    options.query.find((s) => s.version === params.Version) ?? options.query.find((s) => s.signingName === signingName(request));
  if (!action) return { kind: 'unknown', flavour: 'query', name: 'unknown', error: new AwsError('MissingAction', 'Missing Action') };
  if (!service) {
    return {
      kind: 'unknown',
      flavour: 'query',
      name: action,
      error: new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`),
    };
  }
  return { kind: 'query', service, action, params };
}

function xml(status: number, body: string): StandInResponse {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }, body };
}

function json(service: JsonService | undefined, status: number, body: string, code?: string): StandInResponse {
  const headers: Record<string, string> = {
    'content-type': service?.contentType ?? 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
  };
  if (code) headers['x-amzn-errortype'] = code;
  return { status, headers, body };
}

function errorResponse(routed: Routed, error: AwsError): StandInResponse {
  if (routed.kind === 'json' || (routed.kind === 'unknown' && routed.flavour === 'json')) {
    const { status, body } = jsonError(error);
    return json(routed.kind === 'json' ? routed.service : undefined, status, body, error.code);
  }
  const flavour = routed.kind === 'query' ? routed.service.flavour : 'query';
  const xmlns = routed.kind === 'query' ? routed.service.xmlns : '';
  return xml(error.status, queryError(flavour, error, xmlns));
}

export function awsAdapter(options: AwsStandInOptions): ProtocolAdapter {
  return {
    classify(request) {
      const routed = route(request, options);
      return routed.kind === 'query' ? routed.action : routed.kind === 'json' ? routed.operation : routed.name;
    },
    async handle(request) {
      const routed = route(request, options);
      if (routed.kind === 'unknown') return errorResponse(routed, routed.error);
      try {
        if (routed.kind === 'query') {
          const inner = await routed.service.handle(routed.action, routed.params);
          return xml(200, queryResponse(routed.service, routed.action, inner));
        }
        let input: Record<string, unknown>;
        try {
          const parsed = request.body.length ? request.json() : {};
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
          input = parsed as Record<string, unknown>;
        } catch {
          throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
        }
        const output = await routed.service.handle(routed.operation, input);
        return json(routed.service, 200, JSON.stringify(output ?? {}));
      } catch (error) {
        if (error instanceof AwsError) return errorResponse(routed, error);
        throw error;
      }
    },
    faultResponse(kind, request, status) {
      const routed = route(request, options);
      const ec2 = routed.kind === 'query' && routed.service.flavour === 'ec2';
      const error =
        kind === 'throttle'
          ? ec2
            ? new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503)
            : routed.kind === 'json'
              ? new AwsError('ThrottlingException', 'Rate exceeded', 400)
              : new AwsError('Throttling', 'Rate exceeded', 400)
          : new AwsError(status === 503 ? 'ServiceUnavailable' : 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', status);
      return errorResponse(routed, error);
    },
    internalError(request) {
      return errorResponse(route(request, options), new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500));
    },
    tooLarge(request) {
      return errorResponse(route(request, options), new AwsError('RequestEntityTooLarge', 'Request entity too large', 413));
    },
    async control(request) {
      const name = request.path.split('/')[2];
      const service = [...options.query, ...options.json].find((s) => s.signingName === name);
      return service?.control?.(request);
    },
  };
}

export function startAwsServer(options: AwsStandInOptions): Promise<StandIn> {
  return startStandIn({ name: 'aws', adapter: awsAdapter(options), port: options.port, recordBodies: options.recordBodies });
}
