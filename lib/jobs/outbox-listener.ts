// Wakes the email outbox as soon as a transaction that queued a message commits (Postgres
// delivers NOTIFY on commit only). A lost connection is re-opened; anything queued meanwhile is
// picked up by the outbox's cron sweep, so the listener is for speed, not for correctness.
import pg from 'pg';
import { OUTBOX_CHANNEL } from '@/lib/mail/outbox';

const RECONNECT_MS = 5_000;

export function listenForOutbox(connectionString: string, onNotify: () => void, onError: (error: unknown) => void): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const c = new pg.Client({ connectionString, application_name: 'tapestry-outbox-listener' });
    c.on('notification', () => onNotify());
    c.on('error', (error) => {
      onError(error);
      void c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      client = c;
      onNotify(); // anything queued while we were not listening
    } catch (error) {
      onError(error);
      if (!stopped) retry = setTimeout(() => void connect(), RECONNECT_MS);
    }
  };
  void connect();

  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
