// Counting the worker's ticks from the database. A tick leaves no row of its own (the stepper
// claims a row, steps it and releases it), but every tick starts with a claim: an UPDATE that sets
// lease_owner on a row whose lease was free or lapsed (lib/jobs/stepper.ts claimDue). A trigger on
// the benchmark's own throwaway database appends one row per claim, so ticks/s come from what the
// worker actually committed, not from its logs. Heartbeats (same owner, lease still valid) and
// releases (owner cleared) are not claims and are not counted.
import type pg from 'pg';

export type TickKind = 'deployment' | 'pipeline_run';

export async function installTickCounter(owner: pg.Pool): Promise<void> {
  await owner.query(`
    CREATE TABLE bench_tick (kind text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
    -- SECURITY DEFINER: the worker acts as tapestry_app, which has no rights on this table.
    CREATE FUNCTION bench_count_claim() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      IF NEW.lease_owner IS NOT NULL AND (OLD.lease_until IS NULL OR OLD.lease_until < now()) THEN
        INSERT INTO bench_tick (kind) VALUES (TG_TABLE_NAME);
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER bench_count_claim AFTER UPDATE OF lease_owner ON deployment FOR EACH ROW EXECUTE FUNCTION bench_count_claim();
    CREATE TRIGGER bench_count_claim AFTER UPDATE OF lease_owner ON pipeline_run FOR EACH ROW EXECUTE FUNCTION bench_count_claim();
  `);
}

export interface TickCounts {
  deployment: number;
  pipeline_run: number;
  /** The most ticks (both kinds) in any 10-second window. */
  peakPer10s: number;
}

export async function ticksBetween(owner: pg.Pool, from: Date, to: Date): Promise<TickCounts> {
  const { rows } = await owner.query<{ kind: TickKind; n: number }>(
    'SELECT kind, count(*)::int AS n FROM bench_tick WHERE at >= $1 AND at < $2 GROUP BY kind',
    [from, to],
  );
  const { rows: peak } = await owner.query<{ n: number | null }>(
    `SELECT max(n)::int AS n FROM (
       SELECT count(*) AS n FROM bench_tick WHERE at >= $1 AND at < $2
        GROUP BY floor(extract(epoch FROM at) / 10)) windows`,
    [from, to],
  );
  const count = (kind: TickKind) => rows.find((r) => r.kind === kind)?.n ?? 0;
  return { deployment: count('deployment'), pipeline_run: count('pipeline_run'), peakPer10s: peak[0]?.n ?? 0 };
}
