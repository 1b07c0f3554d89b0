import 'server-only';
// Values of the template's NoEcho parameters, which never appear in the stored template or on the
// review page: the warehouse service user's password that dbt Core reads from Secrets Manager.
import { SECRET_PARAMETER_KEYS } from '@/infra/cloudformation/template';
import type { StepContext } from '../step-types';
import { serviceCredentialName, serviceCredentialKind } from './warehouse-access';

export async function secretParameterValues(ctx: StepContext, parameters: readonly { key: string; noEcho: boolean }[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const p of parameters) {
    if (!p.noEcho || !SECRET_PARAMETER_KEYS.includes(p.key)) continue;
    values[p.key] = await ctx.env.generated(serviceCredentialName(ctx.deployment.pipelineSlug), serviceCredentialKind(ctx.deployment.spec));
  }
  return values;
}
