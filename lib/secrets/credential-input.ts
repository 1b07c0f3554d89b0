// What a credential may be called and hold. Pure (no server code), so a form can validate with
// the same rules the service enforces; the name rule is repeated as a CHECK in the migration.
import { z } from 'zod';
import { CredentialKind } from '@/lib/generated/prisma/enums';

export const CREDENTIAL_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** 64 kB: room for a PEM private key or a service-account JSON, not for a pasted file. */
export const MAX_CREDENTIAL_BYTES = 64 * 1024;

export const credentialNameField = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(64, 'Use at most 64 characters for the name.')
  .regex(CREDENTIAL_NAME_PATTERN, 'Use lower-case letters, digits, - and _, starting with a letter or digit (e.g. snowflake-prod).');

// Messages name limits only, never the value: validation errors travel back to the browser.
export const credentialValueField = z
  .string({ error: 'Enter the secret value.' })
  .min(1, 'Enter the secret value.')
  .refine((v) => new TextEncoder().encode(v).length <= MAX_CREDENTIAL_BYTES, `The value is over ${MAX_CREDENTIAL_BYTES / 1024} kB.`);

export const credentialInput = z.object({
  name: credentialNameField,
  kind: z.enum(CredentialKind, { error: 'Choose what kind of credential this is.' }),
  value: credentialValueField,
});

export type CredentialInput = z.infer<typeof credentialInput>;
