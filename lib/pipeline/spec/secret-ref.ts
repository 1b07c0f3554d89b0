// A reference to a named credential: how a pipeline spec (and its YAML file) names a secret. The
// value itself lives encrypted in Tapestry's credential store and never appears in a spec.
import { z } from 'zod';

/**
 * Credential names: short, file- and URL-safe, so they read well in YAML and in the UI. The same
 * rule as the credential store's (lib/secrets/credential-input.ts and its CHECK), so a reference
 * can always name a credential that could exist.
 */
export const SECRET_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const SecretRefSchema = z.strictObject({
  secret: z.string().regex(SECRET_NAME_PATTERN, 'A credential name: lower-case letters, digits, "_" or "-", at most 64'),
});

export type SecretRef = z.infer<typeof SecretRefSchema>;

export function secretRef(name: string): SecretRef {
  return { secret: name };
}

export function isSecretRef(value: unknown): value is SecretRef {
  return SecretRefSchema.safeParse(value).success;
}

export const PLAIN_SECRET_MESSAGE =
  'A secret value cannot be written in a pipeline: store it as a credential and write { secret: <credential name> } here';
