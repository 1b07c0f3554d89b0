'use client';
// Each step's editor (and the Test connection button some of them show) as its own chunk: a page
// loads the shell and the step it opens with (rendered on the server as usual), and the other
// steps' code once the page is idle, so moving on does not wait for it. The whole wizard in one
// bundle would not fit the page's script budget (PERF-1: 150 kB with the framework).
import dynamic from 'next/dynamic';
import { Button } from '@/components/ui/button';

function Loading() {
  return <p className="min-h-40 text-sm text-muted">Loading the step…</p>;
}

/**
 * Same size and words as the real button, inert. Without a placeholder of its own, the button's
 * loading would suspend the whole step, hiding it behind "Loading the step…" for a moment.
 */
function TestLoading() {
  return (
    <Button variant="secondary" disabled>
      Test connection
    </Button>
  );
}

export const NameStep = dynamic(() => import('./steps/name-step').then((m) => m.NameStep), { loading: Loading });
export const TargetStep = dynamic(() => import('./steps/target-step').then((m) => m.TargetStep), { loading: Loading });
export const WarehouseStep = dynamic(() => import('./steps/warehouse-step').then((m) => m.WarehouseStep), { loading: Loading });
export const SourcesStep = dynamic(() => import('./steps/sources-step').then((m) => m.SourcesStep), { loading: Loading });
export const TransformationStep = dynamic(() => import('./steps/transformation-step').then((m) => m.TransformationStep), { loading: Loading });
export const DestinationsStep = dynamic(() => import('./steps/destinations-step').then((m) => m.DestinationsStep), { loading: Loading });
export const ReviewStep = dynamic(() => import('./steps/review-step').then((m) => m.ReviewStep), { loading: Loading });
/** Only the target, warehouse and sources steps show it. */
export const TestConnectionButton = dynamic(() => import('./test-connection/test-connection-button').then((m) => m.TestConnectionButton), {
  loading: TestLoading,
});

const CHUNKS = [
  () => import('./steps/name-step'),
  () => import('./steps/target-step'),
  () => import('./steps/warehouse-step'),
  () => import('./steps/sources-step'),
  () => import('./steps/transformation-step'),
  () => import('./steps/destinations-step'),
  () => import('./steps/review-step'),
  () => import('./test-connection/test-connection-button'),
];

/**
 * Fetches every step's chunk (the browser caches them; the one on screen is there already), one
 * per idle moment: evaluated together they made a long task, and a click landing in it waited
 * past PERF-3's 100 ms.
 */
export function preloadSteps(idle: (run: () => void) => void): void {
  const load = (i: number) => {
    const chunk = CHUNKS[i];
    if (chunk) idle(() => void chunk().then(() => load(i + 1), () => undefined));
  };
  load(0);
}
