'use client';
// When a source syncs: by hand only, or on a cron schedule in an IANA time zone, picked from the
// usual presets or written out; the schedule is said in words next to it as it is typed.
import { useState } from 'react';
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';
import { cronProblem, isTimeZone } from '@/lib/pipeline/spec/cron';
import { recordOf, textOf } from '@/lib/pipeline/spec/draft-values';
import { defaultSchedule } from '@/lib/pipeline/spec/new-parts';
import { presetOf, SCHEDULE_PRESETS, scheduleInWords, type SchedulePresetId } from '@/lib/pipeline/spec/schedule-words';
import { FieldErrors } from '@/components/ui/field-errors';
import { SelectField } from '@/components/ui/select-field';
import { useEarlyCheck } from './use-early-check';
import { TextField } from './text-field';

interface ScheduleEditorProps {
  id: string;
  /** Spec path of the schedule, e.g. `sources[0].schedule`. */
  at: string;
  value: unknown;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange(schedule: JsonObject): void;
}

const FREQUENCIES = [
  ...SCHEDULE_PRESETS.map((p) => ({ value: p.id as string, label: p.label })),
  { value: 'custom', label: 'Custom cron expression' },
];

export function ScheduleEditor({ id, at, value, errors, readOnly, onChange }: ScheduleEditorProps) {
  const schedule = recordOf(value);
  const kind = schedule.kind;
  const expression = textOf(schedule.expression);
  const timezone = textOf(schedule.timezone);
  // "Custom" stays picked even while the expression typed happens to be a preset's.
  const [custom, setCustom] = useState(() => presetOf(expression) === 'custom');
  const frequency: SchedulePresetId = custom ? 'custom' : presetOf(expression);
  const expressionCheck = useEarlyCheck(errors[`${at}.expression`], () => cronProblem(expression));
  const zoneCheck = useEarlyCheck(errors[`${at}.timezone`], () => (isTimeZone(timezone.trim()) ? undefined : 'Must be an IANA time zone, e.g. UTC or Europe/Paris'));
  const words = kind === 'cron' ? scheduleInWords(schedule) : undefined;
  const error = errors[at] ?? errors[`${at}.kind`];

  function pickFrequency(next: string) {
    setCustom(next === 'custom');
    const preset = SCHEDULE_PRESETS.find((p) => p.id === next);
    if (preset) onChange({ ...schedule, expression: preset.expression });
  }

  const radio = (value: 'manual' | 'cron', label: string, next: () => JsonObject) => (
    <label htmlFor={`${id}-${value}`} className="flex min-h-8 items-center gap-2 text-sm">
      <input id={`${id}-${value}`} type="radio" name={`${id}-kind`} className="size-4 accent-primary" checked={kind === value} disabled={readOnly} onChange={() => onChange(next())} />
      {label}
    </label>
  );

  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} className="space-y-3">
      <legend className="text-base font-semibold">Schedule</legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {radio('manual', 'Manual', () => ({ kind: 'manual' }))}
        {/* Back to a schedule: the expression and zone left before, else hourly in UTC. */}
        {radio('cron', 'On a schedule', () => (expression ? { kind: 'cron', expression, timezone: timezone || 'UTC' } : defaultSchedule()))}
      </div>
      <FieldErrors id={error ? `${id}-error` : undefined} errors={error ? [error] : undefined} />
      {kind === 'manual' && <p className="text-sm text-muted">Syncs run only when started by hand.</p>}
      {kind === 'cron' && (
        <div className="grid gap-x-4 gap-y-2 sm:grid-cols-2">
          <SelectField id={`${id}-frequency`} name={`${id}-frequency`} label="Frequency" options={FREQUENCIES} value={frequency} disabled={readOnly} onChange={(e) => pickFrequency(e.target.value)} />
          <TextField
            id={`${id}-timezone`}
            label="Time zone"
            hint="An IANA name, e.g. UTC, Europe/Paris, America/New_York."
            value={timezone}
            readOnly={readOnly}
            onText={(text) => onChange({ ...schedule, timezone: text })}
            {...zoneCheck}
          />
          {frequency === 'custom' && (
            <TextField
              id={`${id}-expression`}
              label="Cron expression"
              hint="Five fields: minute hour day-of-month month day-of-week, e.g. 30 2 * * 1-5."
              value={expression}
              readOnly={readOnly}
              className="sm:col-span-2"
              onText={(text) => onChange({ ...schedule, expression: text })}
              {...expressionCheck}
            />
          )}
          <p id={`${id}-words`} aria-live="polite" className="text-sm sm:col-span-2">
            <span className="text-muted">Runs: </span>
            {words ?? <span className="text-muted">— (finish the expression to see it in words)</span>}
          </p>
        </div>
      )}
    </fieldset>
  );
}
