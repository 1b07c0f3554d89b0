// Collects what a bootstrap or teardown did, object by object. A run that is retried after a
// transient failure sees its own earlier work as 'existed' (or 'absent'); the book keeps the
// stronger outcome, so the report still says 'created' (or 'dropped') for what this call made.
import { withRetry } from '../call-limits';
import type { IntegrationProvider } from '../errors';
import { isTransient } from './errors';
import type { ObjectOutcome, ObjectReport, ObjectType } from './types';

const STRENGTH: Record<ObjectOutcome, number> = { absent: 0, existed: 1, updated: 2, dropped: 3, created: 4 };

export class ReportBook {
  private readonly entries = new Map<string, ObjectReport>();

  record(type: ObjectType, name: string, outcome: ObjectOutcome): void {
    const key = `${type}\u0000${name}`;
    const before = this.entries.get(key);
    if (!before || STRENGTH[outcome] > STRENGTH[before.outcome]) this.entries.set(key, { type, name, outcome });
  }

  /** In the order objects were first met. */
  list(): ObjectReport[] {
    return [...this.entries.values()];
  }
}

/**
 * Runs one bootstrap or teardown: opens a session, does the work, closes the session, and does it
 * all again after a transient failure (every statement is idempotent), into one report.
 */
export async function reportOf<S extends { close(): void }>(
  provider: IntegrationProvider,
  signal: AbortSignal | undefined,
  open: () => Promise<S>,
  work: (session: S, book: ReportBook) => Promise<void>,
): Promise<ObjectReport[]> {
  const book = new ReportBook();
  const attempt = async () => {
    const session = await open();
    try {
      await work(session, book);
    } finally {
      session.close();
    }
  };
  await withRetry(attempt, { retryable: isTransient, signal, provider });
  return book.list();
}
