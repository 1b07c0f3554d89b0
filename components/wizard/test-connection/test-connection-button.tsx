'use client';
// "Test connection" (UX-1, PERF-3): a click shows "Testing…" and a Cancel at once; the server
// tests that part of the draft with its stored credentials. Cancel (or leaving the page) aborts
// the request, and the route passes that abort on to the call in flight. The result names what
// failed, the provider's code and a fix; `onResult` lets the wizard mark the field or move on.
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { DraftTestResult } from '@/lib/services/pipelines/test-connection';

interface TestConnectionButtonProps {
  org: string;
  pipelineId: string;
  /** `target`, `warehouse` or `sources[N]`. */
  subject: string;
  onResult?(result: DraftTestResult): void;
}

type State = { phase: 'idle' | 'testing' | 'cancelled' } | { phase: 'done'; result: DraftTestResult } | { phase: 'refused'; message: string };

const TITLES: Record<string, string> = {
  dns: 'Host not found',
  tls: 'Secure connection failed',
  network: 'Could not reach the server',
  timeout: 'No answer in time',
  auth: 'Credentials refused',
  permission: 'Permission missing',
  not_found: 'Not found',
  config: 'Settings need attention',
  throttled: 'Rate-limited',
  unavailable: 'Service unavailable',
  cancelled: 'Test cancelled',
};

/** The server gives up after 30 s; past this, the answer is not coming (a proxy or the network dropped it). */
const CLIENT_TIMEOUT_MS = 35_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `warehouse.config.ssl_mode` → `ssl mode`: the field's own name, as its label reads. */
const fieldWords = (path: string) => (path.split('.').at(-1) ?? path).replace(/\[\d+\]$/, '').replaceAll('_', ' ');

function ResultPanel({ state }: { state: State }) {
  if (state.phase === 'cancelled') return <p className="text-sm text-muted">Test cancelled.</p>;
  if (state.phase === 'refused') return <p className="text-sm text-danger">Could not test: {state.message}</p>;
  if (state.phase !== 'done') return null;
  const { result } = state;
  if (result.ok) {
    return (
      <p className="rounded-md border border-success bg-success-soft px-3 py-2 text-sm">
        <span className="font-semibold text-success">✓ Connection works. </span>
        {result.summary} <span className="text-muted">({seconds(result.ms)})</span>
      </p>
    );
  }
  return (
    <div className="space-y-1 rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm">
      <p className="font-semibold">
        <span className="sr-only">Test failed: </span>
        {TITLES[result.failureClass] ?? 'Test failed'}
        {result.code && <span className="font-mono font-normal text-muted"> · {result.code}</span>}
      </p>
      <p>
        {result.message}
        {result.field && <span className="text-muted"> (field: {fieldWords(result.field)})</span>}
      </p>
      <p className="text-muted">{result.hint}</p>
      {result.log && result.log.length > 0 && (
        <details>
          <summary className="cursor-pointer text-muted">Details</summary>
          <pre className="mt-1 font-mono text-xs whitespace-pre-wrap">{result.log.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}

export function TestConnectionButton({ org, pipelineId, subject, onResult }: TestConnectionButtonProps) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const inFlight = useRef<AbortController | null>(null);
  const testButton = useRef<HTMLButtonElement>(null);
  // Leaving the step ends the test on the server too.
  useEffect(() => () => inFlight.current?.abort(), []);

  async function start() {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setState({ phase: 'testing' });
    try {
      const response = await fetch(`/${encodeURIComponent(org)}/pipelines/${encodeURIComponent(pipelineId)}/test-connection`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject }),
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(CLIENT_TIMEOUT_MS)]),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok || body === null) {
        const detail = (body as { detail?: unknown } | null)?.detail;
        setState({ phase: 'refused', message: typeof detail === 'string' ? detail : `the server answered ${response.status}.` });
        return;
      }
      setState({ phase: 'done', result: body as DraftTestResult });
      onResult?.(body as DraftTestResult);
    } catch {
      // Cancel's own abort has set the state already; anything else is the network or the deadline.
      if (!controller.signal.aborted) setState({ phase: 'refused', message: 'Tapestry did not answer. Check your connection and try again.' });
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }

  function cancel() {
    inFlight.current?.abort();
    setState({ phase: 'cancelled' });
    // The Cancel button goes away with the test: keep the keyboard where the test began.
    testButton.current?.focus();
  }

  const testing = state.phase === 'testing';
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button ref={testButton} variant="secondary" pending={testing} pendingLabel="Testing…" onClick={() => void start()}>
          Test connection
        </Button>
        {testing && (
          <Button variant="ghost" onClick={cancel}>
            Cancel
          </Button>
        )}
      </div>
      <div aria-live="polite">
        <ResultPanel state={state} />
      </div>
    </div>
  );
}
