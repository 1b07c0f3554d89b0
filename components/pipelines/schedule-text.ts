// A source's schedule as the pipeline page says it: a name or sentence, then the exact cron and
// zone, e.g. "Hourly (0 * * * *, UTC)", so nobody has to parse cron to read it or guess to check it.
import { isRecord } from '@/lib/pipeline/catalog/schema-nodes';
import { cronInWords, presetOf, SCHEDULE_PRESETS } from '@/lib/pipeline/spec/schedule-words';

export function scheduleText(schedule: unknown): string {
  if (!isRecord(schedule)) return 'No schedule yet';
  if (schedule.kind === 'manual') return 'Manual: syncs run only when started by hand';
  const expression = typeof schedule.expression === 'string' ? schedule.expression.trim() : '';
  const zone = typeof schedule.timezone === 'string' && schedule.timezone.trim() !== '' ? schedule.timezone.trim() : 'UTC';
  if (schedule.kind !== 'cron' || expression === '') return 'No schedule yet';
  const preset = SCHEDULE_PRESETS.find((p) => p.id === presetOf(expression));
  const words = preset?.label ?? cronInWords(expression);
  return words ? `${words} (${expression}, ${zone})` : `Not a valid schedule yet (${expression})`;
}
