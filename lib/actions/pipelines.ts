'use server';
// Pipeline lifecycle actions: create (the wizard's first step), Kickstart, save the design,
// duplicate, delete and YAML import. Thin: parse, call the service (which checks the permission
// and audits), revalidate, answer.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { AWS_REGIONS, MAX_YAML_BYTES, type YamlImportError } from '@/lib/pipeline/spec';
import { type ActionResult, orgAction } from '@/lib/http/server-action';
import { createPipeline as create } from '@/lib/services/pipelines/create-pipeline';
import { deletePipeline as remove } from '@/lib/services/pipelines/delete-pipeline';
import { duplicatePipeline as duplicate } from '@/lib/services/pipelines/duplicate';
import { kickstart } from '@/lib/services/pipelines/kickstart';
import { saveDesign } from '@/lib/services/pipelines/save-design';
import { importPipeline as importYaml } from '@/lib/services/pipelines/yaml-files';
import { idField } from '@/lib/validation';

const versionField = z.coerce.number({ error: 'Missing version.' }).int().min(1);
const listPath = (org: string) => `/${org}/pipelines`;

export const createPipeline = orgAction(
  'pipeline.create',
  z.object({ name: z.string().max(200).default(''), slug: z.string().max(200).default('') }),
  async (actor, input): Promise<ActionResult<{ id: string }>> => {
    const { id } = await create(actor, input);
    revalidatePath(listPath(actor.orgSlug));
    return { ok: true, data: { id } };
  },
);

export const kickstartPipeline = orgAction(
  'pipeline.kickstart',
  z.discriminatedUnion('target', [
    z.object({ target: z.literal('sandbox') }),
    z.object({
      target: z.literal('aws'),
      accountId: z.string().trim().regex(/^\d{12}$/, 'An AWS account ID is 12 digits.'),
      region: z.enum(AWS_REGIONS, { error: 'Choose a region.' }),
      accessKeyId: z.string().trim().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'An access key ID is 20 characters starting with AKIA.'),
    }),
  ], { error: 'Choose the sandbox or AWS.' }),
  async (actor, input): Promise<ActionResult<{ id: string; missingSecrets: string[] }>> => {
    const made = await kickstart(actor, input);
    revalidatePath(listPath(actor.orgSlug));
    return { ok: true, data: made };
  },
);

export const savePipeline = orgAction('pipeline.save', z.object({ id: idField, version: versionField }), async (actor, input): Promise<ActionResult<{ version: number }>> => {
  const { version } = await saveDesign(actor, input);
  revalidatePath(listPath(actor.orgSlug));
  return { ok: true, message: 'Pipeline saved.', data: { version } };
});

export const duplicatePipeline = orgAction('pipeline.duplicate', z.object({ id: idField }), async (actor, input): Promise<ActionResult<{ id: string }>> => {
  const copy = await duplicate(actor, input.id);
  revalidatePath(listPath(actor.orgSlug));
  return { ok: true, message: `Duplicated as ${copy.slug}.`, data: { id: copy.id } };
});

export const deletePipeline = orgAction('pipeline.delete', z.object({ id: idField }), async (actor, input) => {
  const { slug } = await remove(actor, input.id);
  revalidatePath(listPath(actor.orgSlug));
  return { ok: true, message: `Deleted ${slug}.` };
});

export const importPipeline = orgAction(
  'pipeline.import',
  z.object({ yaml: z.string().min(1, 'Choose a file or paste the YAML.') }),
  async (actor, input): Promise<ActionResult<{ id: string; errors?: YamlImportError[] }>> => {
    const result = await importYaml(actor, input.yaml);
    if (!result.ok) {
      const first = result.errors[0];
      return { ok: false, code: 'VALIDATION', message: `The file cannot be imported: ${result.errors.length} problem(s)${first?.line ? `, the first on line ${first.line}` : ''}.`, fieldErrors: { yaml: result.errors.map((e) => (e.line ? `Line ${e.line}, column ${e.column}: ${e.message}` : e.message)) } };
    }
    revalidatePath(listPath(actor.orgSlug));
    return { ok: true, message: `Imported ${result.slug}.`, data: { id: result.id } };
  },
  // A YAML file may be up to 1 MiB; in UTF-16 units that is at most as many characters.
  { maxFieldLength: MAX_YAML_BYTES },
);
