// A deployment and the runs it started, as the database holds them, read from below the app (the
// owner role): what a crash test watches to pick its moment, and how it tells that a new worker
// has taken the work up (any change here: a claim, a step, an event, a job).
import { ownerDb } from './owner-db';

export interface SagaProgress {
  state: string;
  /** The deployment row's last update (every tick's save moves it). */
  updatedAt: number;
  steps: Record<string, { state: string; attempts: number; detail: Record<string, unknown> }>;
  events: number;
  /** `system/kind` of every ledger row. */
  ledger: string[];
  run?: {
    state: string;
    stages: Record<string, string>;
    jobs: { key: string; attempt: number; externalId: string | null; status: string }[];
  };
  /** Changes whenever anything above, a lease or an update time changes. */
  fingerprint: string;
}

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export async function sagaProgress(deploymentId: string): Promise<SagaProgress> {
  const db = ownerDb();
  const d = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId }, include: { steps: { orderBy: { position: 'asc' } } } });
  const [events, ledger, runs] = await Promise.all([
    db.stackEvent.count({ where: { deploymentId } }),
    db.pipelineResource.findMany({ where: { pipelineId: d.pipelineId }, select: { system: true, kind: true }, orderBy: [{ system: 'asc' }, { kind: 'asc' }, { naturalKey: 'asc' }] }),
    db.pipelineRun.findMany({ where: { pipelineId: d.pipelineId }, include: { stages: { include: { jobs: true } } }, orderBy: { number: 'asc' } }),
  ]);
  const run = runs[0];
  const progress: Omit<SagaProgress, 'fingerprint'> = {
    state: d.state,
    updatedAt: d.updatedAt.getTime(),
    steps: Object.fromEntries(d.steps.map((s) => [s.name, { state: s.state, attempts: s.attempts, detail: record(s.detail) }])),
    events,
    ledger: ledger.map((r) => `${r.system}/${r.kind}`),
    run: run && {
      state: run.state,
      stages: Object.fromEntries(run.stages.map((s) => [s.stage, s.state])),
      jobs: run.stages
        .flatMap((s) => s.jobs)
        .map((j) => ({ key: j.naturalKey, attempt: j.attempt, externalId: j.externalId, status: j.status }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    },
  };
  const moments = [d.leaseOwner, ...runs.flatMap((r) => [r.id, r.leaseOwner, r.updatedAt.getTime()])];
  return { ...progress, fingerprint: JSON.stringify([progress, moments]) };
}

/**
 * Brings the saga's waits forward (next_tick_at more than a second away becomes now), standing in
 * for time passing: a crash test is about resuming, and the cadence of polls is poll-cadence's
 * business. Raw SQL, so the rows' update times stay the worker's. Returns the stop function.
 */
export function hurry(pipelineId: string, everyMs = 250): () => void {
  const timer = setInterval(() => {
    void ownerDb()
      .$executeRaw`UPDATE deployment SET next_tick_at = now() WHERE pipeline_id = ${pipelineId} AND next_tick_at > now() + interval '1 second'`
      .then(() => ownerDb().$executeRaw`UPDATE pipeline_run SET next_tick_at = now() WHERE pipeline_id = ${pipelineId} AND next_tick_at > now() + interval '1 second'`)
      // The database may be closing as the test ends; the next beat tries again.
      .catch(() => undefined);
  }, everyMs);
  return () => clearInterval(timer);
}

/** A small seeded generator (mulberry32), so a run's choices can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
