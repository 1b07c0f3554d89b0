'use client';
// The destinations step: where Grouparoo sends the unified users (Mailchimp, Salesforce, …), each a
// card with its settings and field mapping, added from a picker. A pipeline may have none.
import { useRef } from 'react';
import { recordsOf, textOf } from '@/lib/pipeline/spec/draft-values';
import { newDestination } from '@/lib/pipeline/spec/new-parts';
import type { JsonPart, StepEditorProps } from '@/components/wizard/step-props';
import { CardList } from './card-list';
import { ConnectorPicker } from './connector-picker';
import { DestinationCard } from './destination-card';
import type { StepSlots } from './step-slots';
import { useCardList } from './use-card-list';

export type DestinationsStepProps = StepEditorProps<JsonPart[]> & StepSlots;

// testSlot is taken out unused: Test connection covers the target, warehouse and sources only.
export function DestinationsStep({ value, onChange, testSlot: _unused, ...shared }: DestinationsStepProps) {
  const { errors, catalog, readOnly } = shared;
  const destinations = recordsOf(value);
  const names = destinations.map((d) => textOf(d.name));
  const addButton = useRef<HTMLButtonElement>(null);
  const list = useCardList(destinations, onChange, addButton);

  function add(type: string) {
    const entry = catalog.destinations.find((d) => d.type === type);
    if (entry) list.add(newDestination(type, entry.form, entry.mapping, names));
  }

  return (
    <CardList
      id="destinations"
      intro="Grouparoo sends each user of the unified users model to these tools, filling their fields from the model’s columns."
      error={errors.destinations}
      empty={destinations.length === 0}
      emptyText="No destinations yet: the pipeline builds the unified users model and sends it nowhere."
      add={!readOnly && <ConnectorPicker ref={addButton} label="Add destination" title="Add a destination" groups={[{ items: catalog.destinations }]} onPick={add} />}
    >
      {destinations.map((destination, i) => (
        <DestinationCard
          key={list.keyOf(i)}
          index={i}
          destination={destination}
          otherNames={names.filter((_, j) => j !== i)}
          focusOnMount={list.isNew(i)}
          {...shared}
          onChange={(next) => list.replace(i, next)}
          onRemove={() => list.remove(i)}
        />
      ))}
    </CardList>
  );
}
