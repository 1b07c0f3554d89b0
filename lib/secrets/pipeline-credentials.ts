import 'server-only';
// A pipeline's own credentials: the secrets typed into its wizard fields. Whoever may edit the
// pipeline (pipelines:edit) may set and replace them, because they serve that pipeline only; a
// credential of the organization or of another pipeline is never taken over this way (CONFLICT),
// those stay with credentials:write. The caller (lib/services/pipelines) has checked the permission.
import type { Actor } from '@/lib/authz/actor';
import { AppError } from '@/lib/errors';
import type { CredentialKind } from '@/lib/generated/prisma/enums';
import { storeCredential, type PutCredentialResult } from './credentials';

export async function putPipelineCredential(
  actor: Actor,
  pipelineId: string,
  input: { name: string; kind: CredentialKind; value: string },
  /** Where in the pipeline it is used, for the audit row; `audit: false` when the caller audits a batch. */
  { context = {}, audit = true }: { context?: Record<string, string>; audit?: boolean } = {},
): Promise<PutCredentialResult> {
  return storeCredential(actor, input, {
    pipelineId,
    audit,
    auditMetadata: context,
    check: (existing) => {
      if (existing && existing.pipelineId !== pipelineId) {
        throw new AppError('CONFLICT', `A credential named "${input.name}" already exists and belongs elsewhere; Tapestry will not overwrite it from this pipeline.`);
      }
    },
  });
}
