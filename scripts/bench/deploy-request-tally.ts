// Counts the requests Tapestry makes to the sandbox's stand-ins, by service (CloudFormation, ECS,
// Airbyte, dbt Cloud …). Each stand-in's request log keeps only its latest 5,000 entries, so the
// tally reads new entries twice a second; the log's sequence numbers make totals exact even if a
// burst outran a read (such entries count under "unclassified").
import type { RequestLog } from '@/infra/local/core/request-log';
import type { Sandbox } from '@/infra/local/sandbox';

const READ_INTERVAL_MS = 500;

/** The AWS stand-in serves several services on one endpoint; its log names the action only. */
function awsService(operation: string): string {
  if (/Stack|ChangeSet|Template/.test(operation)) return 'CloudFormation';
  if (/Task|Cluster|Service|Container/.test(operation)) return 'ECS';
  if (/Metric|Alarm/.test(operation)) return 'CloudWatch';
  if (/CallerIdentity|AssumeRole|SessionToken/.test(operation)) return 'STS';
  return 'EC2';
}

interface Source {
  log: RequestLog;
  service: (operation: string) => string;
  lastSeq: number;
}

export type Tally = Record<string, number>;

export class RequestTally {
  private readonly sources: Source[];
  private readonly counts: Tally = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(sandbox: Sandbox) {
    const fixed = (name: string) => () => name;
    this.sources = [
      { log: sandbox.aws.log, service: awsService, lastSeq: 0 },
      { log: sandbox.airbyte.log, service: fixed('Airbyte'), lastSeq: 0 },
      { log: sandbox.dbtCloud.log, service: fixed('dbt Cloud'), lastSeq: 0 },
      { log: sandbox.snowflake.log, service: fixed('Snowflake'), lastSeq: 0 },
    ];
    for (const source of this.sources) source.lastSeq = source.log.list().at(-1)?.seq ?? 0;
  }

  start(): void {
    this.timer = setInterval(() => this.read(), READ_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.read();
  }

  /** Reads what arrived since the last read. */
  read(): void {
    for (const source of this.sources) {
      const fresh = source.log.list({ after: source.lastSeq });
      const newest = fresh.at(-1)?.seq ?? source.lastSeq;
      const missed = newest - source.lastSeq - fresh.length;
      if (missed > 0) this.counts.unclassified = (this.counts.unclassified ?? 0) + missed;
      for (const entry of fresh) {
        const service = source.service(entry.operation);
        this.counts[service] = (this.counts[service] ?? 0) + 1;
      }
      source.lastSeq = newest;
    }
  }

  /** The counts so far; take one before and one after a window and subtract. */
  snapshot(): Tally {
    this.read();
    return { ...this.counts };
  }
}

export function tallyBetween(before: Tally, after: Tally): Tally {
  return Object.fromEntries(Object.entries(after).map(([service, n]) => [service, n - (before[service] ?? 0)]).filter(([, n]) => Number(n) > 0));
}

export const tallyTotal = (tally: Tally) => Object.values(tally).reduce((sum, n) => sum + n, 0);
