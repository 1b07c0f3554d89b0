// The wire formats of the AWS APIs the sandbox speaks, shared by its services:
// - awsQuery (CloudFormation, STS): form-encoded POST with `Action` and `Version`; XML answers
//   `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`, lists as `<member>`;
//   errors `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`.
// - ec2Query (EC2): the same requests; answers without the Result wrapper, lists as `<item>`,
//   errors `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>`.
// - awsJson 1.0 / 1.1 (CloudWatch, ECS): `X-Amz-Target: Prefix.Operation`, JSON both ways,
//   errors `{"__type": "Code", "message": "…"}`.
import { randomUUID } from 'node:crypto';
import type { StandInRequest, StandInResponse } from '../core/stand-in-server';

/** An error a service answers with, in its protocol's shape. */
export class AwsError extends Error {
  override name = 'AwsError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

export type Params = Record<string, string>;

/** One awsQuery/ec2Query service: answers an action with the inner XML of its result. */
export interface QueryService {
  /** The `Version` parameter its requests carry, e.g. `2010-05-15`. */
  version: string;
  /** The signing name in the credential scope, e.g. `cloudformation`. */
  signingName: string;
  flavour: 'query' | 'ec2';
  xmlns: string;
  handle(action: string, params: Params): Promise<string>;
  /** Sandbox control routes under `/__sandbox/<signingName>/…`, if any. */
  control?(request: StandInRequest): Promise<StandInResponse | undefined>;
}

/** One awsJson service, e.g. CloudWatch (`GraniteServiceVersion20100801`) or ECS. */
export interface JsonService {
  targetPrefix: string;
  /** The signing name, e.g. `monitoring` (CloudWatch) or `ecs`; also names its control routes. */
  signingName: string;
  /** `application/x-amz-json-1.0` or `-1.1`. */
  contentType: string;
  handle(operation: string, input: Record<string, unknown>): Promise<unknown>;
  control?(request: StandInRequest): Promise<StandInResponse | undefined>;
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

type XmlValue = string | number | boolean | Date | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/**
 * Serialises a plain value the way awsQuery/ec2Query answers look: object keys become elements,
 * arrays become `<member>` (or `<item>`) lists, dates ISO-8601, undefined and null are left out.
 */
export function toXml(value: XmlValue, listItem: 'member' | 'item' = 'member'): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<${listItem}>${toXml(v, listItem)}</${listItem}>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v, listItem)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function queryResponse(service: QueryService, action: string, inner: string, requestId = randomUUID()): string {
  if (service.flavour === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${service.xmlns}"><requestId>${requestId}</requestId>${inner}</${action}Response>`;
  }
  return (
    `<${action}Response xmlns="${service.xmlns}"><${action}Result>${inner}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function queryError(flavour: 'query' | 'ec2', error: AwsError, xmlns = '', requestId = randomUUID()): string {
  if (flavour === 'ec2') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  }
  return (
    `<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export function jsonError(error: AwsError): { status: number; body: string } {
  return { status: error.status, body: JSON.stringify({ __type: error.code, message: error.message }) };
}

export function parseForm(body: string): Params {
  const out: Params = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

type Nested = string | Nested[] | { [key: string]: Nested };

/**
 * Turns flat query parameters into nested values: `Parameters.member.1.ParameterKey=A` →
 * `{ Parameters: [{ ParameterKey: 'A' }] }`, `InstanceId.1=i-1` → `{ InstanceId: ['i-1'] }`,
 * `Filter.1.Value.1=x` → `{ Filter: [{ Value: ['x'] }] }`. Numbered segments are 1-based.
 */
export function nestParams(params: Params): Record<string, Nested> {
  const root: Record<string, Nested> = {};
  for (const [key, value] of Object.entries(params)) {
    const parts = key.split('.').filter((p) => p !== 'member' && p !== 'entry');
    let node: Record<string, Nested> | Nested[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1] as string);
      const slot: string | number = Array.isArray(node) ? Number(part) - 1 : part;
      const container = node as Record<string | number, Nested>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (container[slot] === undefined || typeof container[slot] === 'string') container[slot] = nextIsIndex ? [] : {};
      node = container[slot] as Record<string, Nested> | Nested[];
    });
  }
  return compact(root) as Record<string, Nested>;
}

/** Drops holes that 1-based numbering leaves in arrays. */
function compact(value: Nested): Nested {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

/** Reads a required string parameter, answering as AWS does when it is missing. */
export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw new AwsError('ValidationError', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}
