// Outgoing email over SMTP (SMTP_URL, e.g. smtp://user:pass@mail.example.com:587). Optional:
// without SMTP the UI shows links to copy instead. Only the worker sends (lib/mail/outbox.ts);
// bounded by timeouts, and a failure is reported by its code, never with the server's secrets.
import nodemailer from 'nodemailer';
import { env } from '@/lib/env';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export type MailOutcome = { ok: true } | { ok: false; code: string };

export function mailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

export async function sendMail(mail: Mail): Promise<MailOutcome> {
  const url = env().SMTP_URL;
  if (!url) return { ok: false, code: 'NOT_CONFIGURED' };
  const transport = nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
  } as nodemailer.TransportOptions);
  try {
    await transport.sendMail({ from: env().SMTP_FROM, ...mail });
    return { ok: true };
  } catch (err) {
    const { code, responseCode } = err as { code?: string; responseCode?: number };
    return { ok: false, code: [code ?? 'ERROR', responseCode].filter(Boolean).join(' ') };
  } finally {
    transport.close();
  }
}
