// Reading ECS JSON requests: members with the wrong type are a SerializationException (as awsJson
// services answer), missing required ones an InvalidParameterException naming the member.
import type { z } from 'zod';
import { AwsError } from '../protocol';

export function readInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map(String).join('.');
  const present = (issue?.path ?? []).reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
  if (present === undefined) throw new AwsError('InvalidParameterException', `${path} can not be blank.`);
  throw new AwsError('SerializationException', `Unexpected value for ${path}.`);
}
