'use server';
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requestInfo } from '@/lib/auth/request-info';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { acceptInvitation as accept, createInvitation, revokeInvitation as revoke } from '@/lib/services/invitations';
import { type ActionResult, guarded, orgAction, parseForm } from '@/lib/http/server-action';
import { emailField, idField, nameField } from '@/lib/validation';
import { roleField } from './fields';

export const inviteMember = orgAction(
  'invitation.create',
  z.object({ email: emailField, role: roleField }),
  async (actor, input): Promise<ActionResult<{ link: string; emailQueued: boolean }>> => {
    const created = await createInvitation(actor, input.email, input.role);
    revalidatePath(`/${actor.orgSlug}/settings/members`);
    return {
      ok: true,
      message: created.emailQueued
        ? `Invitation created. It is on its way to ${input.email} by email; you can also share the link below.`
        : `Invitation created for ${input.email}. Share the link below.`,
      data: { link: created.link, emailQueued: created.emailQueued },
    };
  },
);

export const revokeInvitation = orgAction('invitation.revoke', z.object({ id: idField }), async (actor, input) => {
  await revoke(actor, input.id);
  revalidatePath(`/${actor.orgSlug}/settings/members`);
  return { ok: true, message: 'Invitation revoked.' };
});

const acceptSchema = z.object({
  token: z.string().max(100),
  name: nameField('name').optional(),
  password: z.string().max(1024),
  existingAccount: z.enum(['yes', 'no']).default('no'),
});

export async function acceptInvitation(_prev: unknown, form: FormData): Promise<ActionResult<{ orgSlug: string; email: string }>> {
  return guarded('invitation.accept', async () => {
    const input = parseForm(acceptSchema, form);
    if (input.existingAccount === 'no') {
      parseForm(z.object({ name: nameField('name'), password: newPasswordSchema }), form);
    }
    const result = await accept(input.token, { name: input.name, password: input.password }, requestInfo(await headers()));
    return { ok: true, data: result };
  });
}
