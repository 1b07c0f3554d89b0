// The filter bar of the run history: a plain GET form, so it works before (or without) any
// JavaScript and every filtered view is a URL. Dates are whole days in UTC, like every time shown.
import type { PipelineOption } from '@/lib/dal/runs/runs-page';
import { RunState, RunTrigger } from '@/lib/generated/prisma/enums';
import { Button, ButtonLink } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { runsHref, type FilterValues } from './runs-href';
import { RUN_STATE_LABEL, TRIGGER_LABEL } from './state-badge';

interface RunFiltersFormProps {
  org: string;
  pipelines: PipelineOption[];
  values: FilterValues;
}

export function RunFiltersForm({ org, pipelines, values }: RunFiltersFormProps) {
  const selects = [
    { name: 'pipeline', label: 'Pipeline', any: 'All pipelines', options: pipelines.map((p) => ({ value: p.id, label: p.name })), width: 'w-56' },
    { name: 'state', label: 'Status', any: 'Any status', options: Object.values(RunState).map((s) => ({ value: s, label: RUN_STATE_LABEL[s] })), width: 'w-40' },
    { name: 'trigger', label: 'Trigger', any: 'Any trigger', options: Object.values(RunTrigger).map((t) => ({ value: t, label: TRIGGER_LABEL[t] })), width: 'w-40' },
  ] as const;
  return (
    <form method="get" action={runsHref(org)} role="search" aria-label="Filter runs" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-line bg-surface p-4">
      {selects.map((select) => (
        <SelectField
          key={select.name}
          label={select.label}
          name={select.name}
          defaultValue={values[select.name] ?? ''}
          options={[{ value: '', label: select.any }, ...select.options]}
          className={select.width}
        />
      ))}
      <Field label="From (UTC)" name="from" type="date" defaultValue={values.from ?? ''} className="w-44" />
      <Field label="To (UTC)" name="to" type="date" defaultValue={values.to ?? ''} className="w-44" />
      <div className="flex gap-2">
        <Button type="submit">Apply filters</Button>
        <ButtonLink href={runsHref(org)} variant="ghost">
          Reset
        </ButtonLink>
      </div>
    </form>
  );
}
