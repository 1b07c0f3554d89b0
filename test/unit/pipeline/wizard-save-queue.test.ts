// The wizard's autosave queue with a hand-driven clock and server: one save in flight at a time,
// versions chained from each answer, edits during a save coalesced into one later save carrying the
// latest values, refused saves kept for a retry, oversized parts never sent, CONFLICT stops all.
import { describe, expect, it } from 'vitest';
import { CONFLICT, type DraftRequest, type DraftSendResult, type QueueState, SaveQueue, type TaskResult } from '@/components/wizard/save-queue';

interface Pending {
  request: DraftRequest;
  answer(result: DraftSendResult): Promise<void>;
}

function harness(options: { version?: number; maxChars?: number } = {}) {
  const parts: Record<string, string> = { sources: '{"sources":[]}', name: '{"name":"a"}' };
  const sent: Pending[] = [];
  const states: QueueState[] = [];
  const saved: { step: string; errors: Record<string, string>; current: boolean }[] = [];
  let timers: { callback: () => void; cancelled: boolean }[] = [];
  const queue = new SaveQueue({
    version: options.version ?? 1,
    partsFor: (step) => parts[step] ?? '{}',
    sendDraft: (request) =>
      new Promise<DraftSendResult>((resolve) => {
        // Answering resolves the send, then lets the queue's continuation run.
        sent.push({ request, answer: async (result) => (resolve(result), await flushMicrotasks()) });
      }),
    onSaved: (step, errors, current) => saved.push({ step, errors, current }),
    onState: (state) => states.push(state),
    schedule: (callback) => {
      const timer = { callback, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
    debounceMs: 500,
    maxChars: options.maxChars ?? 1000,
  });
  /** The debounce elapses. */
  const tick = async () => {
    const due = timers.filter((t) => !t.cancelled);
    timers = [];
    for (const t of due) t.callback();
    await flushMicrotasks();
  };
  const status = () => states.at(-1)?.status;
  return { queue, parts, sent, saved, tick, status, states };
}

async function flushMicrotasks() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const ok = (version: number, errors: Record<string, string> = {}): DraftSendResult => ({ kind: 'saved', version, errors });

describe('SaveQueue', () => {
  it('waits for edits to pause, then sends the latest part once with the current version', async () => {
    const h = harness({ version: 7 });
    h.queue.change('sources');
    h.parts.sources = '{"sources":[{"name":"stripe"}]}';
    h.queue.change('sources');
    expect(h.sent).toHaveLength(0);
    expect(h.status()).toBe('pending');
    await h.tick();
    expect(h.sent.map((s) => s.request)).toEqual([{ step: 'sources', parts: '{"sources":[{"name":"stripe"}]}', version: 7 }]);
    expect(h.status()).toBe('saving');
    await h.sent[0]!.answer(ok(8, { 'sources[0].config': 'Required' }));
    expect(h.saved).toEqual([{ step: 'sources', errors: { 'sources[0].config': 'Required' }, current: true }]);
    expect(h.status()).toBe('saved');
  });

  it('keeps one save in flight; edits meanwhile go in one later save with the version the first answered', async () => {
    const h = harness();
    h.queue.change('sources');
    await h.tick();
    h.parts.sources = '{"sources":[1]}';
    h.queue.change('sources');
    h.parts.sources = '{"sources":[1,2]}';
    h.queue.change('sources');
    await h.tick();
    expect(h.sent).toHaveLength(1);
    await h.sent[0]!.answer(ok(2));
    // The first answer's findings are already stale: newer edits of the step are queued.
    expect(h.saved[0]!.current).toBe(false);
    expect(h.sent.map((s) => s.request)).toEqual([
      { step: 'sources', parts: '{"sources":[]}', version: 1 },
      { step: 'sources', parts: '{"sources":[1,2]}', version: 2 },
    ]);
    await h.sent[1]!.answer(ok(3));
    expect(h.saved[1]!.current).toBe(true);
    expect(h.status()).toBe('saved');
  });

  it('flush sends at once and resolves true when saved; a step move follows the pending part in order', async () => {
    const h = harness();
    h.queue.change('name');
    h.queue.move('target');
    const flushed = h.queue.flush();
    await flushMicrotasks();
    expect(h.sent.map((s) => s.request.step)).toEqual(['name']);
    await h.sent[0]!.answer(ok(2));
    expect(h.sent[1]!.request).toEqual({ step: 'target', parts: undefined, version: 2 });
    await h.sent[1]!.answer(ok(3, { target: 'Choose one of: sandbox, aws' }));
    await expect(flushed).resolves.toBe(true);
    expect(h.saved.at(-1)).toEqual({ step: 'target', errors: { target: 'Choose one of: sandbox, aws' }, current: true });
  });

  it('tells edited values still on their way apart from a step move alone', async () => {
    const h = harness();
    expect(h.queue.hasUnsavedValues()).toBe(false);
    h.queue.change('name');
    expect(h.queue.hasUnsavedValues()).toBe(true);
    await h.tick();
    expect(h.queue.hasUnsavedValues()).toBe(true);
    await h.sent[0]!.answer(ok(2));
    h.queue.move('target');
    expect(h.queue.hasUnsaved()).toBe(true);
    expect(h.queue.hasUnsavedValues()).toBe(false);
    await h.sent[1]!.answer(ok(3));
    expect(h.queue.hasUnsaved()).toBe(false);
  });

  it('keeps a refused save queued, reports it, and retries it with the same version on flush', async () => {
    const h = harness();
    h.queue.change('name');
    await h.tick();
    const flushed = h.queue.flush();
    await h.sent[0]!.answer({ kind: 'failed', message: 'Couldn’t reach the server.' });
    await expect(flushed).resolves.toBe(false);
    expect(h.states.at(-1)).toEqual({ status: 'failed', message: 'Couldn’t reach the server.' });
    expect(h.queue.hasUnsaved()).toBe(true);
    const retried = h.queue.flush();
    await flushMicrotasks();
    expect(h.sent[1]!.request).toEqual({ step: 'name', parts: '{"name":"a"}', version: 1 });
    await h.sent[1]!.answer(ok(2));
    await expect(retried).resolves.toBe(true);
  });

  it('never sends a part over the limit, says how large it is, and sends once it shrinks', async () => {
    const h = harness({ maxChars: 2048 });
    h.parts.sources = `{"sources":["${'x'.repeat(5000)}"]}`;
    h.queue.change('sources');
    await h.tick();
    expect(h.sent).toHaveLength(0);
    expect(h.states.at(-1)).toEqual({ status: 'too-large', message: 'This step’s values are too large (5 kB); remove the pasted content.' });
    await expect(h.queue.flush()).resolves.toBe(false);
    // A secret cannot jump the queue past the oversized part: it fails with the same reason.
    await expect(h.queue.exclusive(async () => ({ kind: 'done', value: 'stored' }))).rejects.toThrow('too large');
    h.parts.sources = '{"sources":[]}';
    h.queue.change('sources');
    await h.tick();
    expect(h.sent.map((s) => s.request.parts)).toEqual(['{"sources":[]}']);
  });

  it('runs a task after the queued saves with the latest version and takes the version it answers', async () => {
    const h = harness();
    const versions: number[] = [];
    h.queue.change('target');
    const task = h.queue.exclusive(async (version): Promise<TaskResult<string>> => {
      versions.push(version);
      return { kind: 'done', value: 'secret stored', version: version + 1 };
    });
    await flushMicrotasks();
    expect(h.sent).toHaveLength(1);
    await h.sent[0]!.answer(ok(5));
    await expect(task).resolves.toBe('secret stored');
    expect(versions).toEqual([5]);
    h.queue.move('warehouse');
    await flushMicrotasks();
    expect(h.sent[1]!.request.version).toBe(6);
  });

  it('stops at CONFLICT: queued tasks answer CONFLICT, nothing more is sent, flush says false', async () => {
    const h = harness();
    h.queue.change('name');
    const task = h.queue.exclusive(async () => ({ kind: 'done', value: 1 }));
    await flushMicrotasks();
    await h.sent[0]!.answer({ kind: 'conflict' });
    await expect(task).resolves.toBe(CONFLICT);
    expect(h.status()).toBe('conflict');
    h.queue.change('name');
    h.queue.move('target');
    await h.tick();
    expect(h.sent).toHaveLength(1);
    await expect(h.queue.flush()).resolves.toBe(false);
  });

  it('treats a thrown send as unreachable and keeps the part', async () => {
    const h = harness();
    const queue = new SaveQueue({
      version: 1,
      partsFor: () => '{}',
      sendDraft: () => Promise.reject(new TypeError('fetch failed')),
      onSaved: () => undefined,
      onState: (state) => h.states.push(state),
      schedule: () => () => undefined,
      debounceMs: 500,
      maxChars: 1000,
    });
    queue.change('name');
    await expect(queue.flush()).resolves.toBe(false);
    expect(h.states.at(-1)).toEqual({ status: 'failed', message: 'Couldn’t reach the server.' });
    expect(queue.hasUnsaved()).toBe(true);
  });
});
