// A deployment's steps in order: an icon and a word for each state (never colour alone), how long
// finished steps took, and the running step's elapsed time, which ticks with `now` so the page
// never sits silent (UX-2). Rendered inside the live view, which passes the ticking clock.
import type { StepState } from '@/lib/generated/prisma/enums';
import type { StepView } from '@/lib/dal/deployment-rows';
import { formatDuration } from '@/components/runs/format';
import { Spinner } from '@/components/ui/spinner';

const WORD: Record<StepState, string> = {
  PENDING: 'Waiting',
  RUNNING: 'Running',
  SUCCEEDED: 'Done',
  FAILED: 'Failed',
  SKIPPED: 'Skipped',
};

function StateIcon({ state }: { state: StepState }) {
  if (state === 'RUNNING') return <Spinner className="size-5 text-link" />;
  const paths: Record<Exclude<StepState, 'RUNNING'>, { className: string; d: string }> = {
    PENDING: { className: 'text-muted', d: 'M10 3.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM2 10a8 8 0 1 1 16 0 8 8 0 0 1-16 0Z' },
    SUCCEEDED: { className: 'text-success', d: 'M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm3.7 5.3 1.06 1.06L9 14.12 5.24 10.36 6.3 9.3 9 12l4.7-4.7Z' },
    FAILED: { className: 'text-danger', d: 'M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16ZM7.2 6.1 10 8.94l2.8-2.83 1.06 1.06L11.06 10l2.83 2.8-1.06 1.06L10 11.06l-2.8 2.83-1.06-1.06L8.94 10 6.1 7.2Z' },
    SKIPPED: { className: 'text-muted', d: 'M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16ZM6 9.25h8v1.5H6v-1.5Z' },
  };
  const { className, d } = paths[state];
  return (
    <svg className={`size-5 shrink-0 ${className}`} viewBox="0 0 20 20" fill="currentColor" aria-hidden="true">
      <path fillRule="evenodd" d={d} />
    </svg>
  );
}

function timing(step: StepView, now: number): string | null {
  if (!step.startedAt) return null;
  const started = Date.parse(step.startedAt);
  if (step.finishedAt) return formatDuration(Date.parse(step.finishedAt) - started);
  if (step.state === 'RUNNING') return `${formatDuration(Math.max(0, now - started))} so far`;
  return null;
}

export function StepList({ steps, now }: { steps: readonly StepView[]; now: number }) {
  return (
    <ol className="divide-y divide-line rounded-lg border border-line bg-surface" aria-label="Steps">
      {steps.map((step) => {
        const retrying = step.state === 'RUNNING' && step.error !== null;
        const time = timing(step, now);
        return (
          <li key={step.name} className="flex gap-3 px-4 py-3" aria-current={step.state === 'RUNNING' ? 'step' : undefined}>
            <StateIcon state={step.state} />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-baseline justify-between gap-x-4">
                <span className={step.state === 'PENDING' ? 'text-muted' : 'font-medium'}>{step.label}</span>
                <span className="text-sm text-muted tabular-nums">
                  {retrying ? `Retrying (attempt ${step.attempts + 1})` : WORD[step.state]}
                  {time && ` · ${time}`}
                </span>
              </p>
              {step.error && (
                <p className={`mt-1 text-sm ${retrying ? 'text-muted' : 'text-danger'}`}>
                  {retrying ? 'Will retry after: ' : ''}
                  {step.error.cause}
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
