import 'server-only';
// The one way to a credential's plaintext, for integrations (the Airbyte, Snowflake, AWS, dbt and
// Grouparoo clients) running on the server, typically in the worker. It takes no actor: the
// caller has already authorized the operation the credential serves (a deploy, a run, a "Test
// connection") against the organization it passes here.
//
// NEVER return what this gives to a client, put it in a server action's result, a route's
// response, a page's props, a log line, an audit row or an error message. Pass it straight into
// the SDK call that needs it. Server actions and route handlers must not import this file.
import { openSecret } from '@/lib/crypto/secrets';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { CredentialKind } from '@/lib/generated/prisma/enums';
import { appKeyring } from './keyring';

export interface RevealedCredential {
  kind: CredentialKind;
  version: number;
  value: string;
}

/**
 * The latest value of the organization's credential `name`. Throws AppError NOT_FOUND when there
 * is none, SecretError (INTERNAL) when it cannot be opened (tampered, or sealed under a key no
 * longer configured); neither message holds any part of the value.
 */
export async function revealForIntegration(orgId: string, name: string): Promise<RevealedCredential> {
  const row = await inOrg(orgId, (tx) =>
    tx.credential.findUnique({ where: { orgId_name: { orgId, name } }, select: { id: true, kind: true, version: true, sealed: true } }),
  );
  if (!row) throw new AppError('NOT_FOUND', `No credential named "${name}" in this organization.`);
  const value = await openSecret(appKeyring(), { orgId, secretId: row.id, version: row.version }, row.sealed);
  return { kind: row.kind, version: row.version, value };
}
