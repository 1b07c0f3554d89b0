'use client';
// One source of the sources step: its name and table prefix, its connector settings with Test
// connection, the streams it syncs and its schedule. Everything it reports is the whole source.
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';
import { recordOf, textOf } from '@/lib/pipeline/spec/draft-values';
import { nameProblem, prefixProblem } from '@/lib/pipeline/spec/list-names';
import { renamedSource } from '@/lib/pipeline/spec/new-parts';
import { FieldErrors } from '@/components/ui/field-errors';
import { ConnectorSettings } from './connector-settings';
import { ItemCard } from './item-card';
import { ScheduleEditor } from './schedule-editor';
import type { CardShared, StepSlots } from './step-slots';
import { StreamsEditor } from './streams-editor';
import { useEarlyCheck } from './use-early-check';
import { TextField } from './text-field';

interface SourceCardProps extends CardShared, StepSlots {
  index: number;
  source: JsonObject;
  /** The other sources' names (names are unique in the list). */
  otherNames: string[];
  focusOnMount: boolean;
  onChange(source: JsonObject): void;
  onRemove(): void;
}

export function SourceCard({ index, source, otherNames, focusOnMount, errors, catalog, readOnly, onSecret, credentials, testSlot, onChange, onRemove }: SourceCardProps) {
  const at = `sources[${index}]`;
  const id = `sources-${index}`;
  const name = textOf(source.name);
  const prefix = textOf(source.prefix);
  const type = textOf(source.type);
  const connector = catalog.sources.find((s) => s.type === type);
  const nameCheck = useEarlyCheck(errors[`${at}.name`], () => nameProblem(name, otherNames, 'source'));
  const prefixCheck = useEarlyCheck(errors[`${at}.prefix`], () => prefixProblem(prefix));
  const typeError = errors[`${at}.type`] ?? (connector ? undefined : `Not a source connector Tapestry offers: ${type || '(none)'}`);
  const set = (key: string, value: JsonObject | JsonObject[] | undefined) => {
    const next = { ...source };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };

  return (
    <ItemCard
      id={id}
      title={name}
      kindLabel={connector ? `${connector.displayName} source` : `${type || 'Unknown'} source`}
      badge={connector?.category}
      noun="source"
      readOnly={readOnly}
      focusOnMount={focusOnMount}
      onRemove={onRemove}
    >
      <FieldErrors id={typeError ? `${id}-type-error` : undefined} errors={typeError ? [typeError] : undefined} />
      <div className="grid gap-x-4 gap-y-3 sm:grid-cols-2">
        <TextField
          id={`${id}-name`}
          label="Name"
          hint="Names the Airbyte source and its connection: lower-case letters, digits, _ and -."
          value={name}
          readOnly={readOnly}
          onText={(text) => onChange(renamedSource(source, text))}
          {...nameCheck}
        />
        <TextField
          id={`${id}-prefix`}
          label="Table prefix"
          hint={`Each stream lands in the table ${prefix || ''}<stream>, so two sources’ “users” never meet.`}
          value={prefix}
          readOnly={readOnly}
          onText={(text) => onChange({ ...source, prefix: text })}
          {...prefixCheck}
        />
      </div>
      {connector && (
        <ConnectorSettings
          title="Connection settings"
          heading="h4"
          footer={testSlot?.(at)}
          form={connector.form}
          config={recordOf(source.config)}
          at={`${at}.config`}
          errors={errors}
          idPrefix={id}
          readOnly={readOnly}
          credentials={credentials}
          onConfig={(config) => set('config', config)}
          onSecret={onSecret}
        />
      )}
      <StreamsEditor id={`${id}-streams`} at={`${at}.streams`} value={source.streams} errors={errors} readOnly={readOnly} onChange={(streams) => set('streams', streams)} />
      <ScheduleEditor id={`${id}-schedule`} at={`${at}.schedule`} value={source.schedule} errors={errors} readOnly={readOnly} onChange={(schedule) => set('schedule', schedule)} />
    </ItemCard>
  );
}
