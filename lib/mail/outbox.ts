// Email as a transactional outbox. A service queues a message inside the transaction of the
// change it reports, so it exists if and only if that change committed, and the commit wakes
// the worker (NOTIFY). The worker claims one message at a time (SKIP LOCKED, so several
// workers never take the same one), sends it, and marks it sent; a failed send is retried with
// a growing delay, a crash mid-send retried once its claim lapses. SMTP cannot promise
// exactly-once, so "at least once, and never again after it is marked sent" is the contract.
import { logger } from '@/lib/logger';
import { newId } from '@/lib/ids';
import { seal, unseal } from '@/lib/crypto/sealed';
import { acrossOrgs, type Tx } from '@/lib/db/tenant';
import { sendMail } from '@/lib/mailer';

export const OUTBOX_CHANNEL = 'tapestry_outbox';
const SEAL_PURPOSE = 'outbound-email';
/** How long a worker may hold a message before another may take it over. */
const CLAIM_SECONDS = 120;
export const MAX_ATTEMPTS = 6;
const retryDelaySeconds = (attempts: number) => Math.min(30 * 2 ** (attempts - 1), 30 * 60);

export interface QueuedEmail {
  orgId: string;
  to: string;
  subject: string;
  text: string;
  /** What the message is about, so its page can show the delivery status. */
  ref?: { type: string; id: string };
}

export type EmailStatus =
  | { state: 'sending'; attempts: number; lastError: string | null }
  | { state: 'sent'; at: Date }
  | { state: 'failed'; at: Date; lastError: string | null };

/** Queues a message in the caller's transaction (scoped to `orgId`). */
export async function queueEmail(tx: Tx, email: QueuedEmail): Promise<string> {
  const id = newId();
  await tx.outboundEmail.create({
    data: {
      id,
      orgId: email.orgId,
      to: email.to,
      subject: email.subject,
      bodySealed: seal(email.text, SEAL_PURPOSE),
      refType: email.ref?.type ?? null,
      refId: email.ref?.id ?? null,
    },
  });
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, ${id})`;
  return id;
}

/** Delivery status of the newest email about each of `ids` (of `type`), inside the caller's scoped transaction. */
export async function emailStatusByRef(tx: Tx, type: string, ids: string[]): Promise<Map<string, EmailStatus>> {
  const rows = await tx.outboundEmail.findMany({
    where: { refType: type, refId: { in: ids } },
    orderBy: { createdAt: 'asc' },
    select: { refId: true, sentAt: true, failedAt: true, attempts: true, lastError: true },
  });
  const statuses = new Map<string, EmailStatus>();
  for (const r of rows) {
    const status: EmailStatus = r.sentAt
      ? { state: 'sent', at: r.sentAt }
      : r.failedAt
        ? { state: 'failed', at: r.failedAt, lastError: r.lastError }
        : { state: 'sending', attempts: r.attempts, lastError: r.lastError };
    statuses.set(r.refId!, status);
  }
  return statuses;
}

interface Claimed {
  id: string;
  to: string;
  subject: string;
  body_sealed: string;
  attempts: number;
}

function claimNext(): Promise<Claimed | undefined> {
  return acrossOrgs(async (tx) => {
    const rows = await tx.$queryRaw<Claimed[]>`
      UPDATE outbound_email SET attempts = attempts + 1, claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS})
       WHERE id = (SELECT id FROM outbound_email
                    WHERE sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                    ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING id, "to", subject, body_sealed, attempts`;
    return rows[0];
  });
}

function settle(id: string, outcome: { sent: true } | { sent: false; code: string; attempts: number }): Promise<unknown> {
  return acrossOrgs((tx) => {
    if (outcome.sent) return tx.outboundEmail.update({ where: { id }, data: { sentAt: new Date(), bodySealed: '', claimedUntil: null } });
    const giveUp = outcome.attempts >= MAX_ATTEMPTS;
    return tx.outboundEmail.update({
      where: { id },
      data: {
        lastError: outcome.code,
        failedAt: giveUp ? new Date() : null,
        claimedUntil: new Date(Date.now() + retryDelaySeconds(outcome.attempts) * 1000),
      },
    });
  });
}

export interface DeliveryReport {
  sent: number;
  failed: number;
}

/** Sends every message that is due, one at a time; returns what happened. Safe to run concurrently. */
export async function deliverDueEmail(): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0 };
  for (let next = await claimNext(); next; next = await claimNext()) {
    let text: string;
    try {
      text = unseal(next.body_sealed, SEAL_PURPOSE);
    } catch {
      // Sealed under another NEXTAUTH_SECRET: it can never be opened, so stop retrying.
      await settle(next.id, { sent: false, code: 'UNREADABLE', attempts: MAX_ATTEMPTS });
      report.failed++;
      continue;
    }
    const outcome = await sendMail({ to: next.to, subject: next.subject, text });
    await settle(next.id, outcome.ok ? { sent: true } : { sent: false, code: outcome.code, attempts: next.attempts });
    if (outcome.ok) report.sent++;
    else {
      report.failed++;
      logger.warn({ event: 'mail.failed', emailId: next.id, code: outcome.code, attempt: next.attempts }, 'email delivery failed');
    }
  }
  return report;
}
