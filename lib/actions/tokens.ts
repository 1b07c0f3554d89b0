'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ALL_PERMISSIONS, type Permission } from '@/lib/authz/permissions';
import { createApiToken, revokeApiToken } from '@/lib/services/api-tokens';
import { type ActionResult, orgAction } from '@/lib/http/server-action';
import { idField, nameField } from '@/lib/validation';

const scopesField = z
  .string()
  .max(2000)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]], { error: 'Unknown scope.' }))
      .min(1, 'Choose at least one scope.')
      .max(ALL_PERMISSIONS.length),
  );

export const createToken = orgAction(
  'token.create',
  z.object({
    name: nameField('token name', 60),
    scopes: scopesField,
    expiresInDays: z.enum(['7', '30', '90', '365', 'never'], { error: 'Choose when the token expires.' }).default('90'),
  }),
  async (actor, input): Promise<ActionResult<{ token: string }>> => {
    const created = await createApiToken(actor, {
      name: input.name,
      scopes: [...new Set(input.scopes)],
      expiresInDays: input.expiresInDays === 'never' ? null : Number(input.expiresInDays),
    });
    revalidatePath(`/${actor.orgSlug}/settings/tokens`);
    return { ok: true, message: 'Token created. Copy it now: it will not be shown again.', data: { token: created.token } };
  },
);

export const revokeToken = orgAction('token.revoke', z.object({ id: idField }), async (actor, input) => {
  await revokeApiToken(actor, input.id);
  revalidatePath(`/${actor.orgSlug}/settings/tokens`);
  return { ok: true, message: 'Token revoked.' };
});
