'use client';
// The warehouse step: Snowflake or PostgreSQL, then that connector's settings from its form (as
// Airbyte's destination setup screen), starting from the form's defaults. Switching the type when
// settings were entered asks first, since the other connector's settings start over.
import { useState } from 'react';
import { initialConfig } from '@/lib/pipeline/catalog/initial-config';
import { jsonEqual, recordOf, textOf } from '@/lib/pipeline/spec/draft-values';
import type { JsonPart, StepEditorProps } from '@/components/wizard/step-props';
import { ConfirmChoice } from './confirm-choice';
import { ConnectorSettings } from './connector-settings';
import type { StepSlots } from './step-slots';
import { RadioCards } from './radio-cards';

/** What each warehouse is, in a line under its name. */
const NOTES: Record<string, string> = {
  snowflake: 'A Snowflake account: Airbyte loads the raw tables into it and dbt builds the models there.',
  postgres: 'A PostgreSQL database, such as Amazon RDS or one you run: raw tables and models live in it.',
};

export type WarehouseStepProps = StepEditorProps<JsonPart> & StepSlots;

const ID = 'warehouse';

export function WarehouseStep({ value, onChange, errors, catalog, readOnly, onSecret, credentials, testSlot }: WarehouseStepProps) {
  const part = recordOf(value);
  const type = textOf(part.type);
  const config = recordOf(part.config);
  const current = catalog.warehouses.find((w) => w.type === type);
  const [pending, setPending] = useState<string>();
  const pendingName = catalog.warehouses.find((w) => w.type === pending)?.displayName;

  function apply(next: string) {
    const form = catalog.warehouses.find((w) => w.type === next)?.form;
    if (form) onChange({ ...part, type: next, config: initialConfig(form) });
  }

  function pick(next: string) {
    if (next === type) return;
    // Only settings someone entered are worth a question; the defaults come back by themselves.
    if (current && !jsonEqual(config, initialConfig(current.form))) setPending(next);
    else apply(next);
  }

  return (
    <div className="space-y-8">
      <RadioCards
        name={`${ID}-type`}
        legend="Where the data lands"
        options={catalog.warehouses.map((w) => ({ value: w.type, title: w.displayName, description: NOTES[w.type] }))}
        value={type || undefined}
        error={errors['warehouse.type'] ?? errors.warehouse}
        readOnly={readOnly}
        onChange={pick}
      />
      {current && (
        <ConnectorSettings
          title={`${current.displayName} settings`}
          heading="h3"
          footer={testSlot?.('warehouse')}
          form={current.form}
          config={config}
          at="warehouse.config"
          errors={errors}
          idPrefix={ID}
          readOnly={readOnly}
          credentials={credentials}
          onConfig={(next) => onChange({ ...part, config: next })}
          onSecret={onSecret}
        />
      )}
      {!readOnly && (
        <ConfirmChoice
          open={pending !== undefined}
          title={`Switch to ${pendingName ?? 'another warehouse'}?`}
          confirmLabel={`Switch to ${pendingName ?? 'it'}`}
          onConfirm={() => {
            if (pending) apply(pending);
            setPending(undefined);
          }}
          onCancel={() => setPending(undefined)}
        >
          <p>The {current?.displayName} settings entered so far are cleared; {pendingName} starts from its defaults.</p>
        </ConfirmChoice>
      )}
    </div>
  );
}
