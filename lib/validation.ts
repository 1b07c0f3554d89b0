// Shared zod building blocks for forms and JSON bodies: trimmed, bounded strings, so hostile
// or oversized input is refused with a message instead of reaching the database.
import { z } from 'zod';
import type { FieldErrors } from '@/lib/errors';

export const emailField = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'Email addresses are at most 254 characters.')
  .pipe(z.email('Enter a valid email address, like ada@example.com.'));

export const nameField = (label: string, max = 100) =>
  z
    .string({ error: `Enter a ${label}.` })
    .trim()
    .min(1, `Enter a ${label}.`)
    .max(max, `Use at most ${max} characters for the ${label}.`)
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), `The ${label} cannot contain control characters.`);

export const idField = z.string({ error: 'Missing id.' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'Malformed id.');

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Reads a FormData into a plain object (first value per key; files dropped). */
export function formToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith('$ACTION')) continue;
    if (typeof value === 'string' && !(key in out)) out[key] = value;
  }
  return out;
}
