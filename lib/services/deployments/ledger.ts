import 'server-only';
// The ledger of what a pipeline's deployments created outside Tapestry (pipeline_resource), by
// the name Tapestry gave each thing. A step records an object as soon as it exists, so a step
// re-run after a crash finds it instead of creating it again, and a tear-down knows what to remove.
import { inOrg } from '@/lib/db/tenant';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface LedgerEntry {
  system: string;
  kind: string;
  naturalKey: string;
  externalId: string;
  details: Record<string, unknown> | null;
}

export interface Ledger {
  find(system: string, kind: string, naturalKey: string): Promise<LedgerEntry | undefined>;
  record(system: string, kind: string, naturalKey: string, externalId: string, details?: Record<string, unknown>): Promise<void>;
  remove(system: string, kind: string, naturalKey: string): Promise<void>;
  list(system?: string): Promise<LedgerEntry[]>;
}

const select = { system: true, kind: true, naturalKey: true, externalId: true, details: true } as const;

export function pipelineLedger(orgId: string, pipelineId: string, deploymentId: string): Ledger {
  const key = (system: string, kind: string, naturalKey: string) => ({ pipelineId_system_kind_naturalKey: { pipelineId, system, kind, naturalKey } });
  const entry = (row: { system: string; kind: string; naturalKey: string; externalId: string; details: unknown }): LedgerEntry => ({
    ...row,
    details: (row.details as Record<string, unknown> | null) ?? null,
  });
  return {
    find: async (system, kind, naturalKey) => {
      const row = await inOrg(orgId, (tx) => tx.pipelineResource.findUnique({ where: key(system, kind, naturalKey), select }));
      return row ? entry(row) : undefined;
    },
    record: async (system, kind, naturalKey, externalId, details) => {
      const data = { externalId, details: (details ?? undefined) as Prisma.InputJsonValue | undefined, deploymentId };
      await inOrg(orgId, (tx) =>
        tx.pipelineResource.upsert({ where: key(system, kind, naturalKey), create: { orgId, pipelineId, system, kind, naturalKey, ...data }, update: data }),
      );
    },
    remove: async (system, kind, naturalKey) => {
      await inOrg(orgId, (tx) => tx.pipelineResource.deleteMany({ where: { orgId, pipelineId, system, kind, naturalKey } }));
    },
    list: async (system) => {
      const rows = await inOrg(orgId, (tx) =>
        tx.pipelineResource.findMany({ where: { orgId, pipelineId, ...(system ? { system } : {}) }, select, orderBy: [{ system: 'asc' }, { kind: 'asc' }, { naturalKey: 'asc' }] }),
      );
      return rows.map(entry);
    },
  };
}
