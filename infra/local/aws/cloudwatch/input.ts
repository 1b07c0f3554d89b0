// Reading a CloudWatch JSON request body: the SDK sends awsJson 1.0 with epoch-second timestamps.
// Type mistakes and missing members are answered with CloudWatch's query-compatible codes
// (`MissingParameter`, `InvalidParameterValue`), naming the member as CloudWatch does
// (`MetricDataQueries.member.1.MetricStat.Period`).
import type { z } from 'zod';
import { AwsError } from '../protocol';

function memberPath(path: PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `member.${part + 1}` : String(part))).join('.');
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = memberPath(issue?.path ?? []);
  if (issue && valueAt(input, issue.path) === undefined) throw new AwsError('MissingParameter', `The parameter ${name} is required.`);
  throw new AwsError('InvalidParameterValue', `The value for parameter ${name} is not valid.`);
}

/** Epoch seconds (the SDK's encoding; fractional allowed) → epoch ms. */
export function epochMs(seconds: number): number {
  return Math.round(seconds * 1000);
}
