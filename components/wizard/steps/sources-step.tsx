'use client';
// The sources step: the Airbyte sources the pipeline syncs, each a card (name, prefix, connector
// settings, Test connection, streams, schedule), added from a picker of the connectors on offer.
import { useRef } from 'react';
import { recordsOf, textOf } from '@/lib/pipeline/spec/draft-values';
import { newSource } from '@/lib/pipeline/spec/new-parts';
import type { JsonPart, StepEditorProps } from '@/components/wizard/step-props';
import { CardList } from './card-list';
import { ConnectorPicker, groupByCategory } from './connector-picker';
import { SourceCard } from './source-card';
import type { StepSlots } from './step-slots';
import { useCardList } from './use-card-list';

export type SourcesStepProps = StepEditorProps<JsonPart[]> & StepSlots;

export function SourcesStep({ value, onChange, testSlot, ...shared }: SourcesStepProps) {
  const { errors, catalog, readOnly } = shared;
  const sources = recordsOf(value);
  const names = sources.map((s) => textOf(s.name));
  const addButton = useRef<HTMLButtonElement>(null);
  const list = useCardList(sources, onChange, addButton);

  function add(type: string) {
    const form = catalog.sources.find((s) => s.type === type)?.form;
    if (form) list.add(newSource(type, form, names));
  }

  return (
    <CardList
      id="sources"
      intro="Each source is an Airbyte connector syncing its streams into the warehouse on its schedule, every table named with the source’s prefix."
      error={errors.sources}
      empty={sources.length === 0}
      emptyText={readOnly ? 'No sources yet.' : 'No sources yet. Add one to choose what the pipeline syncs.'}
      add={!readOnly && <ConnectorPicker ref={addButton} label="Add source" title="Add a source" groups={groupByCategory(catalog.sources)} onPick={add} />}
    >
      {sources.map((source, i) => (
        <SourceCard
          key={list.keyOf(i)}
          index={i}
          source={source}
          otherNames={names.filter((_, j) => j !== i)}
          focusOnMount={list.isNew(i)}
          {...shared}
          testSlot={testSlot}
          onChange={(next) => list.replace(i, next)}
          onRemove={() => list.remove(i)}
        />
      ))}
    </CardList>
  );
}
