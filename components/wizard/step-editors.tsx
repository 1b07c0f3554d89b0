'use client';
// Each step's editor (and the Test connection button some of them show) as its own chunk: a page loads the shell and the step it opens with (rendered
// on the server as usual), and another step's code only when the person goes there. The whole
// wizard in one bundle would not fit the page's script budget (PERF-1: 150 kB with the framework).
import dynamic from 'next/dynamic';

function Loading() {
  return <p className="min-h-40 text-sm text-muted">Loading the step…</p>;
}

export const NameStep = dynamic(() => import('./steps/name-step').then((m) => m.NameStep), { loading: Loading });
export const TargetStep = dynamic(() => import('./steps/target-step').then((m) => m.TargetStep), { loading: Loading });
export const WarehouseStep = dynamic(() => import('./steps/warehouse-step').then((m) => m.WarehouseStep), { loading: Loading });
export const SourcesStep = dynamic(() => import('./steps/sources-step').then((m) => m.SourcesStep), { loading: Loading });
export const TransformationStep = dynamic(() => import('./steps/transformation-step').then((m) => m.TransformationStep), { loading: Loading });
export const DestinationsStep = dynamic(() => import('./steps/destinations-step').then((m) => m.DestinationsStep), { loading: Loading });
export const ReviewStep = dynamic(() => import('./steps/review-step').then((m) => m.ReviewStep), { loading: Loading });
/** Only the target, warehouse and sources steps show it. */
export const TestConnectionButton = dynamic(() => import('./test-connection/test-connection-button').then((m) => m.TestConnectionButton));
