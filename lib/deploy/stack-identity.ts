// The hex identity the stack's names are scoped with. Pipeline ids are random base64url; the
// template's names take hex, so the id's SHA-256 stands in for it: stable for the pipeline,
// different for two pipelines with the same slug in different organizations.
import { createHash } from 'node:crypto';

export function stackIdentity(pipelineId: string): string {
  return createHash('sha256').update(pipelineId).digest('hex');
}
