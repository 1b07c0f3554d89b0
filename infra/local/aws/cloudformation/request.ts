// Reading CloudFormation's request parameters (flat awsQuery form: `Parameters.member.1.ParameterKey`)
// with the service's own validation messages for the common ones.
import { AwsError, nestParams, required, type Params } from '../protocol';
import type { ParameterInput } from './parameters';
import type { StackTag } from './model';

const MAX_TEMPLATE_BODY = 51_200;

function constraint(value: string, field: string, rule: string): AwsError {
  return new AwsError('ValidationError', `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`);
}

export class RequestParams {
  readonly nested: Record<string, unknown>;

  constructor(readonly flat: Params) {
    this.nested = nestParams(flat);
  }

  string(name: string): string | undefined {
    const v = this.flat[name];
    return v === undefined || v === '' ? undefined : v;
  }

  bool(name: string): boolean | undefined {
    const v = this.flat[name];
    return v === undefined ? undefined : v.toLowerCase() === 'true';
  }

  list(name: string): string[] {
    const v = this.nested[name];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Whether a list was sent at all (an empty list is sent as `Tags=`). */
  has(name: string): boolean {
    return Object.keys(this.flat).some((k) => k === name || k.startsWith(`${name}.`));
  }

  parameters(): ParameterInput[] {
    const v = this.nested.Parameters;
    return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as ParameterInput[]) : [];
  }

  tags(): StackTag[] {
    const v = this.nested.Tags;
    if (!Array.isArray(v)) return [];
    return v
      .filter((t): t is { Key: string; Value?: string } => Boolean(t) && typeof t === 'object' && typeof (t as { Key?: unknown }).Key === 'string')
      .map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
  }

  /** A stack name for CreateStack (no ARN). */
  newStackName(): string {
    const name = this.stackRef();
    if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name) || name.length > 128) {
      throw constraint(name, 'stackName', 'Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*');
    }
    return name;
  }

  /** A stack name or stack id (ARN), required. */
  stackRef(field = 'StackName'): string {
    const value = required(this.flat, field);
    if (!/^([a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*)$/.test(value) || value.length > 255) {
      throw constraint(value, 'stackName', 'Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*');
    }
    return value;
  }

  /** ClientRequestToken / ClientToken, validated. */
  token(name = 'ClientRequestToken'): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const field = name.charAt(0).toLowerCase() + name.slice(1);
    if (value.length > 128) throw constraint(value, field, 'Member must have length less than or equal to 128');
    if (!/^[a-zA-Z0-9][-a-zA-Z0-9]*$/.test(value)) throw constraint(value, field, 'Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*');
    return value;
  }

  /** TemplateBody (TemplateURL cannot be fetched here); undefined when UsePreviousTemplate is allowed and set. */
  templateBody(options: { allowPrevious?: boolean } = {}): string | undefined {
    const body = this.string('TemplateBody');
    const url = this.string('TemplateURL');
    const previous = options.allowPrevious && this.bool('UsePreviousTemplate') === true;
    if ([body !== undefined, url !== undefined, previous].filter(Boolean).length > 1) {
      throw new AwsError('ValidationError', 'Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.');
    }
    if (url !== undefined) throw new AwsError('ValidationError', 'TemplateURL must be a supported URL.');
    if (previous) return undefined;
    if (body === undefined) throw new AwsError('ValidationError', 'Either Template URL or Template Body must be specified.');
    if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY) throw constraint('...', 'templateBody', `Member must have length less than or equal to ${MAX_TEMPLATE_BODY}`);
    return body;
  }
}
