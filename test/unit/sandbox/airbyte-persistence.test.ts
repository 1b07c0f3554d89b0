// The Airbyte stand-in's saved state, without I/O: a job saved without what it needs to carry on
// fails the way Airbyte fails a sync whose process was lost, and job ids continue. (The encoding
// itself is core/state-codec.ts, tested in state-codec.test.ts.)
import { describe, expect, it } from 'vitest';
import { AirbyteStore, type Connection, type Job } from '@/infra/local/airbyte/store';
import { SyncScheduler } from '@/infra/local/airbyte/sync-scheduler';
import { SandboxWorld } from '@/infra/local/core/world';

describe('jobs restored without their progress', () => {
  const connection = (id: string, destinationId: string) =>
    ({ connectionId: id, destinationId, sourceId: 's', status: 'active', cursors: new Map(), generations: new Map(), streams: [] }) as unknown as Connection;
  const job = (jobId: number, connectionId: string, status: Job['status']): Job => ({ jobId, connectionId, jobType: 'sync', status, createdAt: 0, updatedAt: 0, rowsSynced: 7, bytesSynced: 70 });

  it('fail as lost syncs, and ended jobs stay as they were', () => {
    const store = new AirbyteStore();
    store.connections.set('c1', connection('c1', 'gone'));
    store.jobs.set(1, job(1, 'c1', 'running'));
    store.jobs.set(2, job(2, 'c1', 'pending'));
    store.jobs.set(3, job(3, 'c1', 'succeeded'));
    const env = { world: new SandboxWorld({ now: () => 5_000 }), now: () => 5_000, timeScale: 1, changed: () => undefined, saveNow: () => undefined };
    new SyncScheduler(store, env).resumeSaved();
    for (const id of [1, 2]) {
      expect(store.jobs.get(id)).toMatchObject({
        status: 'failed',
        updatedAt: 5_000,
        rowsSynced: 7,
        failure: { origin: 'airbyte_platform', failureType: 'system_error', message: expect.stringContaining('could not track the sync progress') },
      });
    }
    expect(store.jobs.get(3)).toMatchObject({ status: 'succeeded', updatedAt: 0 });
  });

  it('continue job ids past the highest one ever handed out', () => {
    const store = new AirbyteStore();
    store.jobs.set(4, job(4, 'c1', 'succeeded'));
    store.continueJobIdsAfter(9);
    expect(store.nextJobId()).toBe(10);
    store.continueJobIdsAfter(2);
    expect(store.nextJobId()).toBe(11);
  });
});
