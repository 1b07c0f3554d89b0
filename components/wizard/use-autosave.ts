'use client';
// The autosave queue (save-queue.ts) wired to the draft's server actions, plus the writes that
// must take their turn in it: a secret typed into a field and "Save pipeline". Edits still queued
// when the tab is hidden or closed go out at once, so leaving never loses typing.
import { useEffect, useState } from 'react';
import { saveDraft, saveDraftSecret } from '@/lib/actions/pipeline-draft';
import { savePipeline } from '@/lib/actions/pipelines';
import type { ActionResult } from '@/lib/http/server-action';
import { MAX_DRAFT_PART_CHARS } from '@/lib/pipeline/spec/draft-limits';
import { CONFLICT, type DraftRequest, type DraftSendResult, type QueueState, SaveQueue, type TaskResult } from './save-queue';
import type { SecretResult } from './step-props';

/** Saved within a second of the last keystroke (UX-7), with time left for the round trip. */
const DEBOUNCE_MS = 450;
const UNREACHABLE = 'Couldn’t reach the server. Check your connection and try again.';
const STALE = 'This pipeline was changed elsewhere: reload to continue.';

type Failure = Extract<ActionResult, { ok: false }>;

function formOf(fields: Record<string, string | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  return form;
}

/** The field-level word when there is one (e.g. the value of a secret), else the action's message. */
function firstMessage(result: Failure, field?: string): string {
  return (field && result.fieldErrors?.[field]?.[0]) || result.message;
}

const unreachable = (): Failure => ({ ok: false, code: 'INTERNAL', message: UNREACHABLE });

export interface AutosaveOptions {
  org: string;
  pipelineId: string;
  version: number;
  /** Read when a save goes out (not when this hook is first called), so they may read refs. */
  partsFor(step: string): string;
  onSaved(step: string, errors: Record<string, string>, current: boolean): void;
}

export function useAutosave({ org, pipelineId, version, partsFor, onSaved }: AutosaveOptions) {
  const [state, setState] = useState<QueueState>({ status: 'saved' });
  const [everSaved, setEverSaved] = useState(false);
  const [queue] = useState(
    () =>
      new SaveQueue({
        version,
        partsFor,
        onSaved: (step, errors, current) => {
          setEverSaved(true);
          onSaved(step, errors, current);
        },
        onState: setState,
        sendDraft: async ({ step, parts, version: from }: DraftRequest): Promise<DraftSendResult> => {
          const result = await saveDraft(null, formOf({ org, id: pipelineId, version: String(from), step, parts }));
          if (result.ok) return { kind: 'saved', version: result.data?.version ?? from + 1, errors: result.data?.errors ?? {} };
          return result.code === 'CONFLICT' ? { kind: 'conflict' } : { kind: 'failed', message: firstMessage(result, 'parts') };
        },
        schedule: (callback, ms) => {
          const timer = setTimeout(callback, ms);
          return () => clearTimeout(timer);
        },
        debounceMs: DEBOUNCE_MS,
        // The server's own limit: a part over it is not sent at all.
        maxChars: MAX_DRAFT_PART_CHARS,
      }),
  );

  useEffect(() => {
    const send = () => {
      if (queue.hasUnsaved()) void queue.flush();
    };
    const hidden = () => document.visibilityState === 'hidden' && send();
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', send);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', send);
    };
  }, [queue]);

  /** Stores a secret for the draft path; `apply` puts the reference into the local draft before anything else is sent. */
  async function storeSecret(path: string, value: string, apply: (name: string) => void): Promise<SecretResult> {
    const outcome = await queue
      .exclusive(async (from): Promise<TaskResult<SecretResult>> => {
        const result = await saveDraftSecret(null, formOf({ org, id: pipelineId, version: String(from), path, value })).catch(unreachable);
        if (!result.ok) return result.code === 'CONFLICT' ? { kind: 'conflict' } : { kind: 'done', value: { ok: false, message: firstMessage(result, 'value') } };
        const stored = result.data;
        if (stored) apply(stored.name);
        return { kind: 'done', value: { ok: true }, version: stored?.version };
      })
      .catch((error: unknown): SecretResult => ({ ok: false, message: error instanceof Error ? error.message : UNREACHABLE }));
    return outcome === CONFLICT ? { ok: false, message: STALE } : outcome;
  }

  /** "Save pipeline": after every queued edit, with the version they end at. */
  async function saveDesign(): Promise<ActionResult<{ version: number }>> {
    const outcome = await queue
      .exclusive(async (from): Promise<TaskResult<ActionResult<{ version: number }>>> => {
        const result = await savePipeline(null, formOf({ org, id: pipelineId, version: String(from) })).catch(unreachable);
        if (!result.ok && result.code === 'CONFLICT') return { kind: 'conflict' };
        return { kind: 'done', value: result, version: result.ok ? result.data?.version : undefined };
      })
      .catch((error: unknown): Failure => ({ ok: false, code: 'VALIDATION', message: error instanceof Error ? error.message : UNREACHABLE }));
    return outcome === CONFLICT ? { ok: false, code: 'CONFLICT', message: STALE } : outcome;
  }

  return { queue, state, everSaved, storeSecret, saveDesign };
}
