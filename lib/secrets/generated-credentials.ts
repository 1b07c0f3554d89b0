import 'server-only';
// Secrets Tapestry makes up itself while deploying (the warehouse service user's password, the
// Airbyte instance's API client secret): sealed into a credential of the pipeline the first time,
// read back on every later use, so a retried step uses the same value it already handed out.
// Written by the worker on behalf of a deployment an admin confirmed; the audit row says so.
import { randomBytes } from 'node:crypto';
import { recordAudit } from '@/lib/audit';
import { sealSecret, toCompactSecret } from '@/lib/crypto/secrets';
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import type { CredentialKind } from '@/lib/generated/prisma/enums';
import { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';
import { appKeyring } from './keyring';
import { revealForIntegration } from './reveal';

/** 32 random bytes as URL-safe text: accepted as a password by Snowflake, PostgreSQL and Airbyte. */
export function generatedSecret(): string {
  return `Tp1-${randomBytes(32).toString('base64url')}`;
}

export async function ensureGeneratedCredential(
  input: { orgId: string; pipelineId: string; deploymentId: string; name: string; kind: CredentialKind },
  generate: () => string = generatedSecret,
): Promise<string> {
  const { orgId, pipelineId, name } = input;
  const existing = await inOrg(orgId, (tx) => tx.credential.findUnique({ where: { orgId_name: { orgId, name } }, select: { pipelineId: true } }));
  if (existing) {
    if (existing.pipelineId !== pipelineId) throw new AppError('CONFLICT', `A credential named "${name}" already exists and belongs elsewhere; rename it or remove it so Tapestry can create its own.`);
    return (await revealForIntegration(orgId, name)).value;
  }
  const id = newId();
  const value = generate();
  const sealed = await sealSecret(appKeyring(), { orgId, secretId: id, version: 1 }, value);
  try {
    await inOrg(orgId, async (tx) => {
      await tx.credential.create({
        data: { id, orgId, name, kind: input.kind, pipelineId, sealed: toCompactSecret(sealed), keyId: sealed.keyId, fingerprint: sealed.fingerprint, version: 1 },
      });
      await recordAudit(tx, {
        orgId,
        actorUserId: null,
        actorLabel: 'Tapestry deployment',
        action: 'credential.generate',
        targetType: 'credential',
        targetId: id,
        outcome: 'SUCCESS',
        metadata: { name, kind: input.kind, pipelineId, deploymentId: input.deploymentId, fingerprint: sealed.fingerprint },
      });
    });
  } catch (error) {
    // A concurrent tick created it first: use that one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return (await revealForIntegration(orgId, name)).value;
    throw error;
  }
  return value;
}
