'use client';
// Keeps a deployment's steps and stack events current (PERF-8): an EventSource on the events
// route, resumed by the browser with Last-Event-ID (and by us with ?after= when we reopen it), and
// after two failed reconnects, polling the same route for JSON every 2 s. Events are merged by
// id, so a reconnect or a switch to polling neither loses nor repeats one. Tells the caller when
// the deployment's state changes, so the server-rendered parts of the page can be refreshed.
import { useEffect, useRef, useState } from 'react';
import type { DeploymentSnapshot, LiveStackEvent } from '@/lib/dal/deployment-rows';
import { TERMINAL_STATES } from '@/lib/dal/deployment-progress';

export type StreamMode = 'live' | 'reconnecting' | 'polling' | 'unreachable' | 'signed-out' | 'gone' | 'ended';

export const POLL_MS = 2_000;
/** The first drop, then two failed reconnects: switch to polling. */
const FAILURES_BEFORE_POLLING = 3;
const REOPEN_MS = 1_500;

// The wire is untyped: check the shapes instead of trusting them.
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isStackEvent(v: unknown): v is LiveStackEvent {
  return isRecord(v) && typeof v.id === 'string' && /^\d+$/.test(v.id) && typeof v.time === 'string' && typeof v.logicalId === 'string' && typeof v.status === 'string';
}

function isSnapshot(v: unknown): v is DeploymentSnapshot {
  return isRecord(v) && typeof v.state === 'string' && Array.isArray(v.steps);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface StreamInput {
  url: string;
  snapshot: DeploymentSnapshot;
  events: readonly LiveStackEvent[];
  /** False for a finished deployment: nothing more will come. */
  live: boolean;
  onStateChange: () => void;
}

export function useDeploymentStream({ url, snapshot: initialSnapshot, events: initialEvents, live, onStateChange }: StreamInput) {
  const [snapshot, setSnapshot] = useState(initialSnapshot);
  const [events, setEvents] = useState(initialEvents);
  const [mode, setMode] = useState<StreamMode>(live ? 'live' : 'ended');
  /** Browser time of the last word from the server (null: the page's own render). */
  const [heardAt, setHeardAt] = useState<number | null>(null);
  const cursor = useRef(initialEvents.at(-1)?.id ?? '0');
  const state = useRef(initialSnapshot.state);
  const changed = useRef(onStateChange);

  useEffect(() => {
    changed.current = onStateChange;
  }, [onStateChange]);

  useEffect(() => {
    if (!live) return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let failures = 0;

    const heard = () => setHeardAt(Date.now());
    const addEvents = (incoming: readonly unknown[]) => {
      const fresh = incoming.filter(isStackEvent).filter((e) => BigInt(e.id) > BigInt(cursor.current));
      if (fresh.length === 0) return;
      cursor.current = fresh.at(-1)?.id ?? cursor.current;
      setEvents((prev) => [...prev, ...fresh]);
    };
    const applySnapshot = (value: unknown) => {
      if (!isSnapshot(value)) return;
      setSnapshot(value);
      if (value.state !== state.current) {
        state.current = value.state;
        changed.current();
      }
    };
    const stop = (final: StreamMode) => {
      stopped = true;
      source?.close();
      clearTimeout(timer);
      setMode(final);
    };

    const poll = async () => {
      try {
        const res = await fetch(`${url}?after=${cursor.current}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
        if (res.status === 401) return stop('signed-out');
        if (res.status === 404) return stop('gone');
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = await res.json();
        if (!isRecord(body) || !Array.isArray(body.events)) throw new Error('unexpected answer');
        addEvents(body.events);
        applySnapshot(body.deployment);
        heard();
        setMode('polling');
        if (isSnapshot(body.deployment) && TERMINAL_STATES.has(body.deployment.state) && body.events.length === 0) return stop('ended');
      } catch {
        setMode('unreachable');
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };

    const open = () => {
      if (stopped) return;
      const es = new EventSource(`${url}?after=${cursor.current}`);
      source = es;
      es.onopen = () => {
        failures = 0;
        setMode('live');
        heard();
      };
      es.addEventListener('stack', (m) => {
        addEvents([parse(m.data)]);
        heard();
      });
      es.addEventListener('deployment', (m) => {
        applySnapshot(parse(m.data));
        heard();
      });
      // The state change before it already asked for the page's refresh.
      es.addEventListener('end', () => stop('ended'));
      es.onerror = () => {
        failures += 1;
        if (failures >= FAILURES_BEFORE_POLLING) {
          es.close();
          void poll();
          return;
        }
        setMode('reconnecting');
        // The browser retries a dropped connection itself; after an HTTP error it gives up.
        if (es.readyState === EventSource.CLOSED) timer = setTimeout(open, REOPEN_MS);
      };
    };

    open();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(timer);
    };
  }, [url, live]);

  return { snapshot, events, mode, heardAt };
}
