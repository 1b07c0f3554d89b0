'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { changeMemberRole, leaveOrganization, removeMember as remove } from '@/lib/services/members';
import { orgAction } from '@/lib/http/server-action';
import { idField } from '@/lib/validation';
import { roleField } from './fields';

export const changeRole = orgAction('member.change_role', z.object({ id: idField, role: roleField }), async (actor, input) => {
  await changeMemberRole(actor, input.id, input.role);
  revalidatePath(`/${actor.orgSlug}/settings/members`);
  return { ok: true, message: 'Role updated.' };
});

export const removeMember = orgAction('member.remove', z.object({ id: idField }), async (actor, input) => {
  await remove(actor, input.id);
  revalidatePath(`/${actor.orgSlug}/settings/members`);
  return { ok: true, message: 'Member removed.' };
});

export const leaveOrg = orgAction('member.leave', z.object({}), async (actor) => {
  await leaveOrganization(actor);
  redirect('/');
});
