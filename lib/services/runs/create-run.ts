import 'server-only';
// Creating a run. One queued or running run per pipeline (a unique partial index): a request while
// one is active answers with that run instead of starting another (REL-5), and a schedule tick
// makes at most one run (unique per pipeline and tick), however many workers fire it.
import { inOrg } from '@/lib/db/tenant';
import type { RunTrigger } from '@/lib/generated/prisma/enums';
import { Prisma } from '@/lib/generated/prisma/client';
import { newId } from '@/lib/ids';

export interface NewRun {
  orgId: string;
  pipelineId: string;
  trigger: RunTrigger;
  sources: string[];
  scheduledFor?: Date;
  requestedById?: string;
  /**
   * Created already leased (lib/jobs/stepper.ts), so no worker starts it before the holder lets
   * go: a deployment holds its first run until it is itself recorded as succeeded.
   */
  heldBy?: { owner: string; until: Date };
}

export type CreatedRun = { runId: string; number: number; created: true } | { runId: string; number: number; created: false; reason: 'active' | 'tick' };

const STAGES = ['INGEST', 'TRANSFORM', 'SYNC'] as const;

/** Any of the run's unique rules: one active run, one run per tick, one number per run. */
function lostRace(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

async function existing(input: NewRun): Promise<CreatedRun | undefined> {
  return inOrg(input.orgId, async (tx) => {
    if (input.scheduledFor) {
      const tick = await tx.pipelineRun.findFirst({ where: { orgId: input.orgId, pipelineId: input.pipelineId, scheduledFor: input.scheduledFor }, select: { id: true, number: true } });
      if (tick) return { runId: tick.id, number: tick.number, created: false as const, reason: 'tick' as const };
    }
    const active = await tx.pipelineRun.findFirst({
      where: { orgId: input.orgId, pipelineId: input.pipelineId, state: { in: ['QUEUED', 'RUNNING', 'STALLED'] } },
      select: { id: true, number: true },
    });
    return active ? { runId: active.id, number: active.number, created: false as const, reason: 'active' as const } : undefined;
  });
}

export async function createRun(input: NewRun): Promise<CreatedRun> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await existing(input);
    if (found) return found;
    try {
      return await inOrg(input.orgId, async (tx) => {
        const last = await tx.pipelineRun.aggregate({ where: { orgId: input.orgId, pipelineId: input.pipelineId }, _max: { number: true } });
        const number = (last._max.number ?? 0) + 1;
        const id = newId();
        await tx.pipelineRun.create({
          data: {
            id,
            orgId: input.orgId,
            pipelineId: input.pipelineId,
            number,
            trigger: input.trigger,
            scheduledFor: input.scheduledFor ?? null,
            sources: input.sources as Prisma.InputJsonValue,
            requestedById: input.requestedById ?? null,
            nextTickAt: new Date(),
            ...(input.heldBy ? { leaseOwner: input.heldBy.owner, leaseUntil: input.heldBy.until } : {}),
            stages: { create: STAGES.map((stage) => ({ id: newId(), pipelineId: input.pipelineId, stage })) },
          },
        });
        return { runId: id, number, created: true as const };
      });
    } catch (error) {
      // Lost a race: to another run (active), to the same tick, or to the same number. Look again.
      if (lostRace(error)) continue;
      throw error;
    }
  }
  throw new Error('could not create a run after repeated conflicts');
}
