import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@/lib/authz/actor';
import { listAuditEvents } from '@/lib/dal/team';
import { ERROR_CATALOGUE } from '@/lib/errors';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { Section } from '@/components/ui/section';
import { cellClass, Table } from '@/components/ui/table';
import { requireActor } from '../../../require-actor';

export const metadata: Metadata = { title: 'Audit log' };

const OUTCOME: Record<string, { tone: BadgeTone; label: string }> = {
  SUCCESS: { tone: 'success', label: 'Success' },
  DENIED: { tone: 'danger', label: 'Denied' },
  FAILURE: { tone: 'warning', label: 'Failed' },
};

/** A readable name for the target: the email or name recorded with the event, else its id. */
function targetLabel(metadata: unknown, targetId: string | null): string | null {
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const m = metadata as Record<string, unknown>;
    for (const key of ['email', 'name']) if (typeof m[key] === 'string') return m[key];
  }
  return targetId;
}

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org } = await params;
  const actor = await requireActor(org, '/settings/audit');
  if (!can(actor, 'audit:read')) {
    return (
      <Section id="audit" title="You cannot read the audit log">
        <div role="alert" className="max-w-prose rounded-lg border border-danger bg-danger-soft p-4 text-sm">
          <p className="font-semibold">{ERROR_CATALOGUE.FORBIDDEN.title} (403)</p>
          <p className="mt-1">
            The audit log is open to owners and admins; your role in {actor.orgName} is {actor.role.toLowerCase()}.{' '}
            {ERROR_CATALOGUE.FORBIDDEN.cause}
          </p>
          <p className="mt-1">{ERROR_CATALOGUE.FORBIDDEN.action}</p>
        </div>
      </Section>
    );
  }

  const raw = (await searchParams).before;
  const before = typeof raw === 'string' && /^\d{1,18}$/.test(raw) ? BigInt(raw) : undefined;
  const { events, nextBefore } = await listAuditEvents(actor, before);
  const base = `/${org}/settings/audit`;

  return (
    <Section
      id="audit"
      title="Audit log"
      description="Every sign-in, change and refused attempt in this organization, newest first. The log is append-only and hash-chained, so edits would show."
    >
      {events.length === 0 ? (
        <p className="text-sm text-muted">{before ? 'No older events.' : 'No events yet.'}</p>
      ) : (
        <Table
          caption="Audit events, newest first"
          captionHidden
          columns={[{ label: 'Time (UTC)' }, { label: 'Actor' }, { label: 'Action' }, { label: 'Target' }, { label: 'Outcome' }, { label: 'IP' }]}
        >
          {events.map((e) => {
            const outcome = OUTCOME[e.outcome] ?? { tone: 'neutral' as const, label: e.outcome };
            const target = targetLabel(e.metadata, e.targetId);
            return (
              <tr key={e.id.toString()}>
                <td className={`${cellClass} font-mono text-xs`}>
                  <DateTime value={e.createdAt} format="iso" />
                </td>
                <td className={`${cellClass} break-all`}>{e.actorLabel}</td>
                <td className={cellClass}>
                  <code className="font-mono text-xs">{e.action}</code>
                </td>
                <td className={cellClass}>
                  {e.targetType ? (
                    <>
                      <span className="text-muted">{e.targetType.replace(/_/g, ' ')}</span>
                      {target && <span className="block break-all">{target}</span>}
                    </>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </td>
                <td className={cellClass}>
                  <Badge tone={outcome.tone}>{outcome.label}</Badge>
                </td>
                <td className={`${cellClass} font-mono text-xs`}>{e.ip ?? '—'}</td>
              </tr>
            );
          })}
        </Table>
      )}
      {(before || nextBefore) && (
      <nav aria-label="Audit log pages" className="mt-4 flex gap-3">
        {before && (
          <Link href={base} className={buttonClass('secondary')}>
            Newest events
          </Link>
        )}
        {nextBefore && (
          <Link href={`${base}?before=${nextBefore.toString()}`} className={buttonClass('secondary')}>
            Older events
          </Link>
        )}
      </nav>
      )}
    </Section>
  );
}
