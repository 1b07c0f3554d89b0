// Failures the sandbox user (or a test) turns on through PUT /__sandbox/snowflake/failures, one
// per class a "Test connection" must tell apart (UX-1): bad credentials, a locked user, a role
// not granted, no usable warehouse, missing privileges. Network drops and hangs are the core
// fault plan's job (`hang` rules on the `login` / `query` operations); this plan only decides
// which Snowflake error the next logins or statements get.
import { z } from 'zod';

export const LOGIN_FAILURES = ['auth', 'locked', 'role', 'network', 'hang'] as const;
export const QUERY_FAILURES = ['warehouse', 'permission', 'hang'] as const;

export const failuresBodySchema = z
  .object({
    login: z.enum(LOGIN_FAILURES).optional(),
    query: z.enum(QUERY_FAILURES).optional(),
    /** How many logins / statements fail; absent = until cleared. */
    times: z.number().int().positive().max(1_000_000).optional(),
  })
  .strict()
  .refine((body) => body.login !== undefined || body.query !== undefined, { message: 'set login or query' });

export type FailuresBody = z.output<typeof failuresBodySchema>;

type LoginKind = 'auth' | 'locked' | 'role';
type QueryKind = 'warehouse' | 'permission';

interface Slots {
  login?: { kind: LoginKind; remaining?: number };
  query?: { kind: QueryKind; remaining?: number };
}

export class FailurePlan {
  private slots: Slots = {};

  arm(kind: { login?: LoginKind; query?: QueryKind }, times?: number): void {
    if (kind.login) this.slots.login = { kind: kind.login, remaining: times };
    if (kind.query) this.slots.query = { kind: kind.query, remaining: times };
  }

  clear(): void {
    this.slots = {};
  }

  describe(): Slots {
    return { login: this.slots.login && { ...this.slots.login }, query: this.slots.query && { ...this.slots.query } };
  }

  /** The failure the next login / statement gets, counting it against `times`. */
  take<K extends keyof Slots>(slot: K): NonNullable<Slots[K]>['kind'] | undefined {
    const armed = this.slots[slot];
    if (!armed) return undefined;
    if (armed.remaining !== undefined && --armed.remaining <= 0) delete this.slots[slot];
    return armed.kind;
  }
}
