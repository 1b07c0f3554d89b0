// What Tapestry's reconciler and schedule watchdog found wrong with a pipeline (REL-6), in words a
// person can act on: which run or schedule, for how long, what Tapestry is doing about it, and
// what they can do. Rendered on the server with the request's clock, like RelativeTime.
import type { IncidentView } from '@/lib/dal/incidents';
import type { IncidentDetail } from '@/lib/services/reliability/incident-detail';
import { Notice } from './notice';

const SYSTEM_NAMES: Record<string, string> = { airbyte: 'Airbyte', ecs: 'dbt on ECS', dbt_cloud: 'dbt Cloud', grouparoo: 'Grouparoo' };
const STAGE_SYSTEMS = { INGEST: 'Airbyte', TRANSFORM: 'dbt', SYNC: 'Grouparoo' } as const;

/** "less than a minute", "17 min", "3 h", "2 days": how long, not when. */
export function durationWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** Fire times in the schedule's own time zone: "09:00, 10:00 UTC", with the day when they fall on different days. */
export function fireTimesWords(isoTimes: string[], timezone: string): string {
  const times = isoTimes.map((t) => new Date(t));
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: timezone });
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timezone });
  const oneDay = new Set(times.map((t) => day.format(t))).size <= 1;
  return `${times.map((t) => (oneDay ? time.format(t) : `${day.format(t)} ${time.format(t)}`)).join(', ')} ${timezone}`;
}

/** The notice's title and what to do, for an incident whose detail was read. */
export function incidentWords(incident: IncidentDetail, now: Date): { title: string; body: string } {
  switch (incident.kind) {
    case 'STALLED_RUN': {
      const { runNumber, lastProgressAt, stage, systems } = incident.detail;
      const named = systems.map((s) => SYSTEM_NAMES[s] ?? s);
      const checking = named.length > 0 ? listWords(named) : stage ? STAGE_SYSTEMS[stage] : 'its jobs';
      return {
        title: `Run #${runNumber} has shown no progress for ${durationWords(now.getTime() - Date.parse(lastProgressAt))}`,
        body: `Tapestry keeps checking ${checking}; cancel it or wait. The run carries on by itself as soon as ${checking} reports progress.`,
      };
    }
    case 'STALLED_DEPLOYMENT': {
      const { step, stackName, lastEventAt } = incident.detail;
      const silence = lastEventAt ? ` for ${durationWords(now.getTime() - Date.parse(lastEventAt))}` : '';
      return {
        title: `The stack has sent no news${silence}`,
        body: `CloudFormation has reported no event for ${stackName} during the “${step}” step. Tapestry keeps following it; the deployment ends when CloudFormation finishes or gives up. Look at the stack in the AWS console if it stays quiet.`,
      };
    }
    case 'MISSED_SCHEDULE': {
      const { missed, expression, timezone } = incident.detail;
      return {
        title: `${missed.length} scheduled runs did not start (${fireTimesWords(missed, timezone)}): is the worker running?`,
        body: `The schedule “${expression}” (${timezone}) started no run at these times. Scheduled runs are started by Tapestry’s worker; this notice clears once a scheduled run starts again.`,
      };
    }
  }
}

const FALLBACK = {
  STALLED_RUN: 'A run has shown no progress for a while',
  STALLED_DEPLOYMENT: 'The stack has sent no news for a while',
  MISSED_SCHEDULE: 'Scheduled runs did not start: is the worker running?',
} as const;

export function IncidentNotices({ incidents, now = new Date() }: { incidents: IncidentView[]; now?: Date }) {
  if (incidents.length === 0) return null;
  return (
    <section aria-label="Problems Tapestry noticed" className="space-y-3">
      {incidents.map((incident) => {
        const words = incident.detail ? incidentWords(incident.detail, now) : { title: FALLBACK[incident.kind], body: 'Tapestry keeps watching and clears this notice once it is over.' };
        return (
          <Notice key={incident.id} tone="warning" title={words.title}>
            <p>{words.body}</p>
          </Notice>
        );
      })}
    </section>
  );
}
