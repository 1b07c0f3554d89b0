// A run's or a stage's state in words; the colour only repeats them (WCAG 1.4.1).
import type { RunState, RunTrigger, StepState } from '@/lib/generated/prisma/enums';
import { Badge, type BadgeTone } from '@/components/ui/badge';

/** Also the status filter's options. */
export const RUN_STATE_LABEL: Record<RunState, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  STALLED: 'Stalled',
};

const RUN_TONE: Record<RunState, BadgeTone> = { QUEUED: 'neutral', RUNNING: 'info', SUCCEEDED: 'success', FAILED: 'danger', CANCELLED: 'warning', STALLED: 'warning' };

const STAGE: Record<StepState, { label: string; tone: BadgeTone }> = {
  PENDING: { label: 'Pending', tone: 'neutral' },
  RUNNING: { label: 'Running', tone: 'info' },
  SUCCEEDED: { label: 'Succeeded', tone: 'success' },
  FAILED: { label: 'Failed', tone: 'danger' },
  SKIPPED: { label: 'Skipped', tone: 'neutral' },
};

/** What started a run, in the words of the buttons and settings that start them. */
export const TRIGGER_LABEL: Record<RunTrigger, string> = {
  SCHEDULE: 'Schedule',
  MANUAL: 'Run now',
  DEPLOY: 'Deploy',
  API: 'API',
  RETRY: 'Retry',
};

export function RunStateBadge({ state }: { state: RunState }) {
  return <Badge tone={RUN_TONE[state]}>{RUN_STATE_LABEL[state]}</Badge>;
}

export function StageStateBadge({ state }: { state: StepState }) {
  return <Badge tone={STAGE[state].tone}>{STAGE[state].label}</Badge>;
}
