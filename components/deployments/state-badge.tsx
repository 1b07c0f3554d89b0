// A deployment's state in words; the colour only repeats them (WCAG 1.4.1).
import type { DeploymentState } from '@/lib/generated/prisma/enums';
import { Badge, type BadgeTone } from '@/components/ui/badge';

export const DEPLOYMENT_STATE_LABEL: Record<DeploymentState, string> = {
  PLANNING: 'Planning',
  AWAITING_CONFIRMATION: 'Awaiting confirmation',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

const TONE: Record<DeploymentState, BadgeTone> = {
  PLANNING: 'info',
  AWAITING_CONFIRMATION: 'warning',
  RUNNING: 'violet',
  SUCCEEDED: 'success',
  FAILED: 'danger',
  CANCELLED: 'neutral',
};

export function DeploymentStateBadge({ state }: { state: DeploymentState }) {
  return <Badge tone={TONE[state]}>{DEPLOYMENT_STATE_LABEL[state]}</Badge>;
}
