'use client';
// One destination of the destinations step: its name, the Grouparoo app and destination settings
// (one form, paths `app.*` and `destination.*`), and the field mapping from the unified users model.
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';
import { recordOf, textOf } from '@/lib/pipeline/spec/draft-values';
import { nameProblem } from '@/lib/pipeline/spec/list-names';
import { FieldErrors } from '@/components/ui/field-errors';
import { ConnectorSettings } from './connector-settings';
import { ItemCard } from './item-card';
import { MappingEditor } from './mapping-editor';
import type { CardShared } from './step-slots';
import { useEarlyCheck } from './use-early-check';
import { TextField } from './text-field';

interface DestinationCardProps extends CardShared {
  index: number;
  destination: JsonObject;
  otherNames: string[];
  focusOnMount: boolean;
  onChange(destination: JsonObject): void;
  onRemove(): void;
}

export function DestinationCard({ index, destination, otherNames, focusOnMount, errors, catalog, readOnly, onSecret, credentials, onChange, onRemove }: DestinationCardProps) {
  const at = `destinations[${index}]`;
  const id = `destinations-${index}`;
  const name = textOf(destination.name);
  const type = textOf(destination.type);
  const entry = catalog.destinations.find((d) => d.type === type);
  const nameCheck = useEarlyCheck(errors[`${at}.name`], () => nameProblem(name, otherNames, 'destination'));
  const typeError = errors[`${at}.type`] ?? (entry ? undefined : `Not a destination Tapestry offers: ${type || '(none)'}`);

  return (
    <ItemCard
      id={id}
      title={name}
      kindLabel={entry ? `${entry.displayName} destination` : `${type || 'Unknown'} destination`}
      noun="destination"
      readOnly={readOnly}
      focusOnMount={focusOnMount}
      onRemove={onRemove}
    >
      <FieldErrors id={typeError ? `${id}-type-error` : undefined} errors={typeError ? [typeError] : undefined} />
      <TextField
        id={`${id}-name`}
        label="Name"
        hint="Names the Grouparoo destination: lower-case letters, digits, _ and -."
        value={name}
        readOnly={readOnly}
        className="max-w-md"
        onText={(text) => onChange({ ...destination, name: text })}
        {...nameCheck}
      />
      {entry && (
        <>
          <ConnectorSettings
            title="Connection settings"
            heading="h4"
            form={entry.form}
            config={recordOf(destination.config)}
            at={`${at}.config`}
            errors={errors}
            idPrefix={id}
            readOnly={readOnly}
            credentials={credentials}
            onConfig={(config) => onChange({ ...destination, config })}
            onSecret={onSecret}
          />
          <MappingEditor
            id={`${id}-mapping`}
            at={`${at}.mapping`}
            destinationLabel={entry.displayName}
            fields={entry.mapping}
            columns={catalog.unifiedUserColumns}
            mapping={recordOf(destination.mapping)}
            errors={errors}
            readOnly={readOnly}
            onChange={(mapping) => onChange({ ...destination, mapping })}
          />
        </>
      )}
    </ItemCard>
  );
}
