// The append-only, hash-chained audit log (QUALITY SEC-7). Each row's hash covers its content
// and the previous row's hash. Writers take a transaction-scoped advisory lock so the chain
// stays linear across processes; callers pass their transaction so the audit row commits or
// rolls back with the change it describes.
import { createHash } from 'node:crypto';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { AuditOutcome } from '@/lib/generated/prisma/enums';
import { acrossOrgs, withAllOrgs } from '@/lib/db/tenant';
import { type Actor, actorLabel } from '@/lib/authz/actor';

const AUDIT_CHAIN_LOCK = 5_144_271; // arbitrary, unique to the audit chain
export const GENESIS_HASH = '0'.repeat(64);

type Tx = Prisma.TransactionClient;

export interface AuditInput {
  orgId: string | null;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: AuditOutcome;
  metadata?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

interface HashedFields extends AuditInput {
  createdAt: Date;
  prevHash: string;
}

/** JSON with object keys sorted at every depth: JSONB reorders keys, the hash must not care. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(e: HashedFields): string {
  const canonical = canonicalJson([
    e.prevHash,
    e.createdAt.toISOString(),
    e.orgId,
    e.actorUserId,
    e.actorLabel,
    e.action,
    e.targetType ?? null,
    e.targetId ?? null,
    e.outcome,
    e.metadata ?? {},
    e.ip ?? null,
    e.userAgent ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  // The chain runs through every organization's events (and the sign-in events of none).
  await withAllOrgs(tx, () => appendToChain(tx, input));
}

async function appendToChain(tx: Tx, input: AuditInput): Promise<void> {
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision matches the timestamptz(3) column, so the stored value hashes the same.
  const createdAt = new Date();
  const row = {
    orgId: input.orgId,
    actorUserId: input.actorUserId,
    actorLabel: input.actorLabel.slice(0, 320),
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    outcome: input.outcome,
    // A JSON round trip drops undefined and turns dates into strings, as JSONB will.
    metadata: JSON.parse(JSON.stringify(input.metadata ?? {})) as Record<string, unknown>,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    createdAt,
    prevHash,
  };
  const hash = auditHash(row);
  await tx.auditEvent.create({ data: { ...row, metadata: row.metadata as Prisma.InputJsonValue, hash } });
}

/** Audits an actor's action inside the caller's transaction. */
export function auditActor(
  tx: Tx,
  actor: Actor,
  action: string,
  target: { type: string; id: string } | null,
  metadata: Record<string, unknown> = {},
  outcome: AuditOutcome = 'SUCCESS',
): Promise<void> {
  return recordAudit(tx, {
    orgId: actor.orgId,
    actorUserId: actor.userId,
    actorLabel: actorLabel(actor),
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    outcome,
    metadata,
    ip: actor.ip,
    userAgent: actor.userAgent,
  });
}

/** Audits outside any business transaction (denials, sign-in attempts). Never throws. */
export async function recordAuditStandalone(input: AuditInput): Promise<void> {
  try {
    await acrossOrgs((tx) => recordAudit(tx, input));
  } catch {
    // The request outcome must not depend on the audit write of a refusal; the log line
    // written by the caller still records it.
  }
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  brokenAtId?: bigint;
}

/** Recomputes every hash in id order; the first mismatch is where history was altered. */
export async function verifyAuditChain(): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let cursor: bigint | undefined;
  for (;;) {
    const rows = await acrossOrgs((tx) =>
      tx.auditEvent.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: 1000,
      }),
    );
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      const expected = auditHash({
        orgId: row.orgId,
        actorUserId: row.actorUserId,
        actorLabel: row.actorLabel,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        outcome: row.outcome,
        metadata: row.metadata as Record<string, unknown>,
        ip: row.ip,
        userAgent: row.userAgent,
        createdAt: row.createdAt,
        prevHash,
      });
      if (row.prevHash !== prevHash || row.hash !== expected) return { ok: false, checked, brokenAtId: row.id };
      prevHash = row.hash;
      checked += 1;
      cursor = row.id;
    }
  }
}
