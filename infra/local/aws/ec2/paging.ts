// MaxResults/NextToken for EC2's Describe* calls. The token carries the offset and a digest of the
// request's filters, so a token reused with other filters is refused as EC2 refuses a stale one.
import { createHash } from 'node:crypto';
import { AwsError, type Params } from '../protocol';

interface Token {
  offset: number;
  scope: string;
}

function digest(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 16);
}

function decode(token: string, scope: string): number {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Token>;
    if (typeof value.offset === 'number' && Number.isInteger(value.offset) && value.offset >= 0 && value.scope === digest(scope)) return value.offset;
  } catch {
    // falls through to the refusal below
  }
  throw new AwsError('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.');
}

/**
 * One page of `items`. `scope` identifies the query (filters, flags); `named` = the request listed
 * ids, which EC2 does not allow together with MaxResults.
 */
export function pageOf<T>(items: T[], params: Params, scope: string, named: boolean): { items: T[]; nextToken?: string } {
  const raw = params.MaxResults;
  if (raw !== undefined && named) {
    throw new AwsError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  const max = raw === undefined ? 1000 : Number(raw);
  if (!Number.isInteger(max) || max < 5 || max > 1000) {
    const bound = max > 1000 ? 'less than 1000' : 'greater than 5';
    throw new AwsError('InvalidParameterValue', `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value ${bound}.`);
  }
  const offset = params.NextToken ? decode(params.NextToken, scope) : 0;
  const slice = items.slice(offset, offset + max);
  const next = offset + slice.length;
  if (next >= items.length) return { items: slice };
  const token: Token = { offset: next, scope: digest(scope) };
  return { items: slice, nextToken: Buffer.from(JSON.stringify(token)).toString('base64url') };
}
