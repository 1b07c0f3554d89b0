import 'server-only';
// The CloudFormation port for a step, closed when the step's work is done, and the tokens every
// mutating call carries: derived from the deployment's operation id and the call's purpose, so
// a retry after a lost answer or a crash sends the same token and AWS does the work once (REL-3).
import { cloudFormationPort, type CloudFormationPort } from '@/lib/integrations/aws/cloudformation';
import type { StepContext } from '../step-types';

export async function withCloudFormation<T>(ctx: StepContext, work: (cfn: CloudFormationPort) => Promise<T>): Promise<T> {
  const cfn = cloudFormationPort(await ctx.env.aws());
  try {
    return await work(cfn);
  } finally {
    cfn.destroy();
  }
}

/** `tap-<operation id>-<purpose>`: ClientRequestToken allows 128 characters of [a-zA-Z0-9-]. */
export function clientToken(ctx: StepContext, purpose: string): string {
  return `tap-${ctx.deployment.operationId}-${purpose}`.slice(0, 128);
}
