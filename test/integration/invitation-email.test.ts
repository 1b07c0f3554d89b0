// Invitation email through the transactional outbox, delivered to a real SMTP server on
// loopback: queued only with a committed invitation, stored sealed, sent once, retried with a
// delay when the server refuses, and given up after the last attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { deliverDueEmail, MAX_ATTEMPTS } from '@/lib/mail/outbox';
import { createInvitation } from '@/lib/services/invitations';
import { listPendingInvitations } from '@/lib/dal/team';
import { firstRunOrg, type TestOrg } from '../support/factories';
import { ownerDb } from '../support/owner-db';
import { startSmtp, type TestSmtp } from '../support/smtp';

let smtp: TestSmtp;
let org: TestOrg;

beforeAll(async () => {
  smtp = await startSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = 'Tapestry <tapestry@test.example>';
  resetEnvForTests();
  org = await firstRunOrg();
});

afterAll(async () => {
  await smtp.close();
});

const emailTo = (to: string) => ownerDb().outboundEmail.findFirstOrThrow({ where: { to } });

/** Lets a message's retry delay pass, as if the clock had moved on. */
const makeDue = (id: string) => ownerDb().outboundEmail.update({ where: { id }, data: { claimedUntil: new Date(Date.now() - 1000) } });

describe('invitation email (transactional outbox)', () => {
  it('is queued with the invitation, sealed, and sent exactly once', async () => {
    const created = await createInvitation(org.owner, 'ines@invitee.example', 'EDITOR');
    expect(created.emailQueued).toBe(true);
    const token = created.link.split('/invite/')[1]!;
    const queued = await emailTo('ines@invitee.example');
    expect(queued.sentAt).toBeNull();
    expect(queued.bodySealed).not.toContain(token);
    expect(smtp.received).toEqual([]);

    expect(await deliverDueEmail()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['ines@invitee.example']);
    expect(smtp.received[0]!.text).toContain(created.link);
    expect(smtp.received[0]!.text).toMatch(/invited you to Acme/);
    const sent = await emailTo('ines@invitee.example');
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(sent.bodySealed).toBe(''); // the link is not kept once delivered

    expect(await deliverDueEmail()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('is not queued when the invitation is refused', async () => {
    const before = await ownerDb().outboundEmail.count();
    await expect(createInvitation(org.owner, org.owner.email, 'VIEWER')).rejects.toBeInstanceOf(AppError);
    expect(await ownerDb().outboundEmail.count()).toBe(before);
  });

  it('is retried after a delay when the server refuses it, then delivered', async () => {
    smtp.refuseWith = 451;
    await createInvitation(org.owner, 'rita@invitee.example', 'VIEWER');
    expect(await deliverDueEmail()).toEqual({ sent: 0, failed: 1 });
    const refused = await emailTo('rita@invitee.example');
    expect(refused).toMatchObject({ attempts: 1, sentAt: null, failedAt: null });
    expect(refused.lastError).toContain('451');
    expect(refused.claimedUntil!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Not due yet: nothing is attempted again right away.
    expect(await deliverDueEmail()).toEqual({ sent: 0, failed: 0 });

    smtp.refuseWith = null;
    await makeDue(refused.id);
    expect(await deliverDueEmail()).toEqual({ sent: 1, failed: 0 });
    expect(await emailTo('rita@invitee.example')).toMatchObject({ attempts: 2, sentAt: expect.any(Date) });
    expect(smtp.received.at(-1)!.to).toEqual(['rita@invitee.example']);
  });

  it('gives up after the last attempt and keeps the reason', async () => {
    smtp.refuseWith = 550;
    await createInvitation(org.owner, 'gone@invitee.example', 'VIEWER');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await deliverDueEmail(), `attempt ${attempt}`).toEqual({ sent: 0, failed: 1 });
      await makeDue((await emailTo('gone@invitee.example')).id);
    }
    expect(await deliverDueEmail()).toEqual({ sent: 0, failed: 0 });
    const given = await emailTo('gone@invitee.example');
    expect(given).toMatchObject({ attempts: MAX_ATTEMPTS, sentAt: null, failedAt: expect.any(Date) });
    expect(given.lastError).toContain('550');
    smtp.refuseWith = null;
  });

  it("shows each pending invitation's email status to the inviter", async () => {
    const statusOf = async (email: string) => (await listPendingInvitations(org.owner)).find((i) => i.email === email)?.emailStatus;
    expect(await statusOf('ines@invitee.example')).toEqual({ state: 'sent', at: expect.any(Date) });
    expect(await statusOf('gone@invitee.example')).toMatchObject({ state: 'failed', lastError: expect.stringContaining('550') });

    smtp.refuseWith = 451;
    await createInvitation(org.owner, 'wait@invitee.example', 'VIEWER');
    expect(await statusOf('wait@invitee.example')).toEqual({ state: 'sending', attempts: 0, lastError: null });
    await deliverDueEmail();
    expect(await statusOf('wait@invitee.example')).toMatchObject({ state: 'sending', attempts: 1, lastError: expect.stringContaining('451') });
    smtp.refuseWith = null;

    // Without SMTP the link is only shown, and nothing is queued.
    delete process.env.SMTP_URL;
    resetEnvForTests();
    expect((await createInvitation(org.owner, 'byhand@invitee.example', 'VIEWER')).emailQueued).toBe(false);
    expect(await statusOf('byhand@invitee.example')).toBeNull();
    expect(await ownerDb().outboundEmail.count({ where: { to: 'byhand@invitee.example' } })).toBe(0);
  });
});
