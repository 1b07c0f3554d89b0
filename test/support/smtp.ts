// A real SMTP server on loopback (the `smtp-server` package) that records what it receives and
// can be told to refuse messages, to prove delivery and retries end to end.
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
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const state: Pick<TestSmtp, 'received' | 'refuseWith'> = { received: [], refuseWith: null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
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
