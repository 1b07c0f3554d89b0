// A real SMTP server on loopback (the `smtp-server` package) that records what it receives and
// can be told to refuse messages or to take its time over them, to prove delivery, retries and
// a worker's graceful stop end to end.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** The message with quoted-printable soft line breaks joined, so long links read whole. */
  text: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** When set, every message is refused with this SMTP reply code. */
  refuseWith: number | null;
  /** How long the server holds each message before answering (a slow mail server). */
  holdMs: number;
  /** Messages received but not yet answered. */
  inFlight: number;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const state: Pick<TestSmtp, 'received' | 'refuseWith' | 'holdMs' | 'inFlight'> = { received: [], refuseWith: null, holdMs: 0, inFlight: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', async () => {
        state.inFlight++;
        await new Promise((resolve) => setTimeout(resolve, state.holdMs));
        state.inFlight--;
        if (state.refuseWith) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: state.refuseWith }));
        state.received.push({ to: session.envelope.rcptTo.map((r) => r.address), text: raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
