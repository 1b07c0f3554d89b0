// Outgoing email over SMTP (SMTP_URL, e.g. smtp://user:pass@mail.example.com:587). Optional:
// without SMTP the UI shows links to copy instead. Bounded by timeouts; never throws secrets.
import nodemailer from 'nodemailer';
import { env } from '@/lib/env';
import { logger } from '@/lib/logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export function mailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

/** Sends a message; resolves false (and logs why) instead of throwing when delivery fails. */
export async function sendMail(mail: Mail): Promise<boolean> {
  const url = env().SMTP_URL;
  if (!url) return false;
  const transport = nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
  } as nodemailer.TransportOptions);
  try {
    await transport.sendMail({ from: env().SMTP_FROM, ...mail });
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unknown';
    logger.warn({ event: 'mail.failed', code, to: mail.to }, 'email delivery failed');
    return false;
  } finally {
    transport.close();
  }
}
