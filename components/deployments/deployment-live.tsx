'use client';
// The live part of the deploy page (UX-2): overall percentage and ETA, the steps with the running
// one's elapsed time, and the stack events as they arrive. Two clocks tick every second (elapsed,
// "last update … ago"), so the page is never silent for more than a second while it works. When
// the deployment's state changes, the page is refreshed so its server-rendered blocks (review,
// failure, outcome, passed in as children) follow.
import { useRouter } from 'next/navigation';
import { useCallback, type ReactNode } from 'react';
import type { DeploymentSnapshot, LiveStackEvent } from '@/lib/dal/deployment-rows';
import { deploymentProgress } from '@/lib/dal/deployment-progress';
import { formatDuration } from '@/components/runs/format';
import { StackEventsTable } from './stack-events-table';
import { StepList } from './step-list';
import { useDeploymentStream, POLL_MS, type StreamMode } from './use-deployment-stream';
import { useServerClock } from './use-server-clock';

interface DeploymentLiveProps {
  eventsUrl: string;
  snapshot: DeploymentSnapshot;
  events: readonly LiveStackEvent[];
  expectedMs: Readonly<Record<string, number>>;
  /** Where the expectations come from, for the ETA's caption. */
  etaBasis: string;
  serverNow: number;
  live: boolean;
  children?: ReactNode;
}

const MODE_WORDS: Record<StreamMode, string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: `Checking every ${POLL_MS / 1000} s`,
  unreachable: `Cannot reach Tapestry; trying again every ${POLL_MS / 1000} s`,
  'signed-out': 'Your session ended: reload the page to sign in again',
  gone: 'This deployment no longer exists: its pipeline may have been deleted',
  ended: 'Finished',
};

function secondsAgo(from: number, now: number): string {
  const s = Math.max(0, Math.round((now - from) / 1000));
  return s <= 1 ? 'just now' : `${s} s ago`;
}

export function DeploymentLive({ eventsUrl, snapshot: initialSnapshot, events: initialEvents, expectedMs, etaBasis, serverNow, live, children }: DeploymentLiveProps) {
  const router = useRouter();
  const refresh = useCallback(() => router.refresh(), [router]);
  const { snapshot, events, mode, heardAt } = useDeploymentStream({ url: eventsUrl, snapshot: initialSnapshot, events: initialEvents, live, onStateChange: refresh });
  const { now, offset } = useServerClock(serverNow);

  const progress = deploymentProgress(snapshot.steps, expectedMs, now);
  const working = snapshot.state === 'PLANNING' || snapshot.state === 'RUNNING';
  const current = snapshot.steps.find((s) => s.state === 'RUNNING');
  // On the server's clock; until the stream speaks, the page's own data is the last word.
  const lastHeard = heardAt === null ? serverNow : heardAt + offset;

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <div
          role="progressbar"
          aria-label="Overall progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress.percent}
          aria-valuetext={`${progress.percent}%`}
          className="h-2.5 overflow-hidden rounded-full bg-sunken"
        >
          <div className="h-full rounded-full bg-primary transition-[width] duration-700" style={{ width: `${progress.percent}%` }} />
        </div>
        <p className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1 text-sm">
          <span>
            <strong className="tabular-nums">{progress.percent}%</strong>
            {working && progress.remainingMs > 0 && (
              <span className="text-muted">
                {' '}
                · about {formatDuration(progress.remainingMs)} left <span className="text-xs">({etaBasis})</span>
              </span>
            )}
            {snapshot.state === 'AWAITING_CONFIRMATION' && <span className="text-muted"> · waiting for an admin to confirm the change set</span>}
          </span>
          {mode !== 'ended' && (
            <span className="text-muted tabular-nums" data-testid="stream-status">
              {MODE_WORDS[mode]}
              {(mode === 'live' || mode === 'polling') && ` · last update ${secondsAgo(lastHeard, now)}`}
            </span>
          )}
        </p>
        <p className="sr-only" aria-live="polite">
          {current ? `Now: ${current.label}` : ''}
        </p>
      </div>
      {children}
      <section aria-labelledby="steps-title">
        <h2 id="steps-title" className="mb-3 text-lg font-semibold">
          Steps
        </h2>
        <StepList steps={snapshot.steps} now={now} />
      </section>
      <section aria-labelledby="events-title">
        <h2 id="events-title" className="mb-3 text-lg font-semibold">
          Stack events
        </h2>
        <StackEventsTable events={events} />
      </section>
    </div>
  );
}
