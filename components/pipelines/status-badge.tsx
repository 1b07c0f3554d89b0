// A pipeline's status in words (STATUS_LABEL), the colour only repeating them.
import type { PipelineStatus } from '@/lib/generated/prisma/enums';
import { STATUS_LABEL } from '@/lib/pipeline/status';
import { Badge, type BadgeTone } from '@/components/ui/badge';

const TONE: Record<PipelineStatus, BadgeTone> = {
  DRAFT: 'neutral',
  READY: 'info',
  DEPLOYING: 'violet',
  ACTIVE: 'success',
  PAUSED: 'warning',
  FAILED: 'danger',
  TEARING_DOWN: 'warning',
  TORN_DOWN: 'neutral',
};

export function PipelineStatusBadge({ status }: { status: PipelineStatus }) {
  return <Badge tone={TONE[status]}>{STATUS_LABEL[status]}</Badge>;
}
