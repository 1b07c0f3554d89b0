// Creating and revoking API tokens. A token's scopes can never exceed its creator's role.
import { inOrg } from '@/lib/db/tenant';
import { AppError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { auditActor } from '@/lib/audit';
import { type Actor, can } from '@/lib/authz/actor';
import { assertCan } from '@/lib/authz/assert';
import type { Permission } from '@/lib/authz/permissions';
import { generateToken } from '@/lib/auth/api-token';

export interface NewToken {
  name: string;
  scopes: Permission[];
  expiresInDays: number | null;
}

export async function createApiToken(actor: Actor, input: NewToken): Promise<{ id: string; token: string }> {
  await assertCan(actor, 'tokens:create', 'token.create');
  const beyond = input.scopes.filter((s) => !can(actor, s));
  if (beyond.length) {
    throw new AppError('VALIDATION', 'A token cannot have permissions your role lacks.', {
      scopes: [`Your role does not include: ${beyond.join(', ')}.`],
    });
  }
  const { token, prefix, hash } = generateToken();
  const id = newId();
  await inOrg(actor.orgId, async (tx) => {
    await tx.apiToken.create({
      data: {
        id,
        orgId: actor.orgId,
        userId: actor.userId,
        name: input.name,
        prefix,
        tokenHash: hash,
        scopes: input.scopes,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      },
    });
    await auditActor(tx, actor, 'token.create', { type: 'api_token', id }, { name: input.name, scopes: input.scopes });
  });
  return { id, token };
}

export async function revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
  await assertCan(actor, 'tokens:create', 'token.revoke');
  await inOrg(actor.orgId, async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: tokenId, orgId: actor.orgId }, select: { id: true, userId: true, name: true, revokedAt: true } });
    // Someone else's token is invisible without tokens:manage, so it is "not found", not "forbidden".
    if (!row || (row.userId !== actor.userId && !can(actor, 'tokens:manage'))) throw new AppError('NOT_FOUND', 'That token does not exist.');
    if (row.revokedAt) return;
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await auditActor(tx, actor, 'token.revoke', { type: 'api_token', id: row.id }, { name: row.name });
  });
}
