// Every statement the stand-in was asked to run, in order: who ran it, with which role, its text
// (passwords masked, as Snowflake's query history masks them), and whether it succeeded.

export interface LoggedStatement {
  at: string;
  user: string;
  role: string;
  sqlText: string;
  ok: boolean;
  errorCode?: string;
  queryId: string;
}

const CAPACITY = 10_000;

/** Masks `PASSWORD = '…'` (and `$$…$$`) values in statement text. */
export function maskSecrets(sql: string): string {
  return sql.replace(/(\bPASSWORD\s*=\s*)('(?:[^'\\]|\\.|'')*'|\$\$[\s\S]*?\$\$)/gi, "$1'****'");
}

export class StatementLog {
  private entries: LoggedStatement[] = [];

  add(entry: Omit<LoggedStatement, 'at' | 'sqlText'> & { sqlText: string }): void {
    this.entries.push({ at: new Date().toISOString(), ...entry, sqlText: maskSecrets(entry.sqlText) });
    if (this.entries.length > CAPACITY) this.entries.splice(0, this.entries.length - CAPACITY);
  }

  list(): LoggedStatement[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }

  /** The most recent `limit` entries, for the state file (texts are already masked). */
  snapshot(limit: number): LoggedStatement[] {
    return this.entries.slice(-limit);
  }

  restore(entries: LoggedStatement[]): void {
    this.entries = [...entries, ...this.entries].slice(-CAPACITY);
  }
}
