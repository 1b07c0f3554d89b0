'use server';
// First-run setup: create the organization and its owner, then sign in through next-auth
// on the client (the form posts the same credentials to the Credentials provider).
import { headers } from 'next/headers';
import { z } from 'zod';
import { requestInfo } from '@/lib/auth/request-info';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { completeFirstRunSetup } from '@/lib/services/setup';
import { type ActionResult, guarded, parseForm } from '@/lib/http/server-action';
import { emailField, nameField } from '@/lib/validation';

const schema = z.object({
  orgName: nameField('organization name', 80),
  name: nameField('name'),
  email: emailField,
  password: newPasswordSchema,
});

export async function setupOrganization(_prev: unknown, form: FormData): Promise<ActionResult<{ orgSlug: string }>> {
  return guarded('setup.create', async () => {
    const input = parseForm(schema, form);
    const { orgSlug } = await completeFirstRunSetup(input, requestInfo(await headers()));
    return { ok: true, data: { orgSlug } };
  });
}
