// Counts the SQL statements a piece of code sends (PERF-5). The Prisma client (lib/db.ts) talks to
// PostgreSQL through the `pg` driver, so every statement of the app passes pg's Client#query;
// the counter wraps it once and records only the calls made inside `countQueries`' async context,
// so rows a test reads or writes through ownerDb() around the measured call are not counted.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/** What a statement does: transaction control and the tenant setting are the price of RLS, not reads. */
export type StatementKind = 'transaction' | 'tenant' | 'data';

export interface CountedStatement {
  kind: StatementKind;
  text: string;
}

const scope = new AsyncLocalStorage<CountedStatement[]>();
let installed = false;

function textOf(args: unknown[]): string {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'text' in first && typeof first.text === 'string') return first.text;
  return '';
}

export function kindOf(text: string): StatementKind {
  const head = text.trim().toUpperCase();
  if (/^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE|SET TRANSACTION)\b/.test(head)) return 'transaction';
  if (head.startsWith("SELECT SET_CONFIG('TAPESTRY.")) return 'tenant';
  return 'data';
}

function install(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query;
  // pg's query has many overloads; the wrapper only looks at the statement and passes every call through.
  const counting = function (this: pg.Client, ...args: unknown[]) {
    const text = textOf(args);
    scope.getStore()?.push({ kind: kindOf(text), text });
    return Reflect.apply(original, this, args);
  };
  Object.defineProperty(pg.Client.prototype, 'query', { value: counting, writable: true, configurable: true });
}

/** Runs `work` and returns its result with every statement it sent, in order. */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; statements: CountedStatement[] }> {
  install();
  const statements: CountedStatement[] = [];
  const result = await scope.run(statements, work);
  return { result, statements };
}

/** Only the statements that read or write data. */
export const dataStatements = (statements: CountedStatement[]) => statements.filter((s) => s.kind === 'data');
