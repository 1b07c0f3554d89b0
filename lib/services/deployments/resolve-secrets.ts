import 'server-only';
// A spec value with every `{ secret: name }` replaced by the credential's plaintext, for the one
// call that hands it to a service (a warehouse sign-in, an Airbyte connector configuration).
import { isSecretRef } from '@/lib/pipeline/spec';

export async function resolveSecretRefs<T>(value: T, reveal: (name: string) => Promise<string>): Promise<T> {
  if (isSecretRef(value)) return (await reveal(value.secret)) as T;
  if (Array.isArray(value)) return (await Promise.all(value.map((item: unknown) => resolveSecretRefs(item, reveal)))) as T;
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveSecretRefs(v, reveal)] as const));
    return Object.fromEntries(entries) as T;
  }
  return value;
}
