// Where a pipeline's status may go next: the one place transitions are decided (ARCHITECTURE
// rule 6). Issue 4 moves DRAFT → READY by saving a design; deploys and tear-downs use the rest.
import type { PipelineStatus } from '@/lib/generated/prisma/enums';

const NEXT: Record<PipelineStatus, readonly PipelineStatus[]> = {
  DRAFT: ['READY'],
  READY: ['DEPLOYING'],
  DEPLOYING: ['ACTIVE', 'PAUSED', 'FAILED'],
  ACTIVE: ['DEPLOYING', 'PAUSED', 'TEARING_DOWN'],
  PAUSED: ['ACTIVE', 'DEPLOYING', 'TEARING_DOWN'],
  FAILED: ['DEPLOYING', 'TEARING_DOWN'],
  TEARING_DOWN: ['TORN_DOWN', 'FAILED'],
  TORN_DOWN: [],
};

export function canMove(from: PipelineStatus, to: PipelineStatus): boolean {
  return NEXT[from].includes(to);
}

/** Nothing of it exists outside Tapestry, so deleting it removes everything. */
export function isDeletable(status: PipelineStatus): boolean {
  return status === 'DRAFT' || status === 'READY' || status === 'TORN_DOWN';
}

/** Its design may be changed in the wizard (not while a deploy or tear-down is running). */
export function isEditable(status: PipelineStatus): boolean {
  return status !== 'DEPLOYING' && status !== 'TEARING_DOWN' && status !== 'TORN_DOWN';
}

/** Words for the list and the status badge. */
export const STATUS_LABEL: Record<PipelineStatus, string> = {
  DRAFT: 'Draft',
  READY: 'Ready to deploy',
  DEPLOYING: 'Deploying',
  ACTIVE: 'Active',
  PAUSED: 'Paused',
  FAILED: 'Failed',
  TEARING_DOWN: 'Tearing down',
  TORN_DOWN: 'Torn down',
};
