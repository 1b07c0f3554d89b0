'use client';
// Which streams a source syncs: all of them in their default modes (no list in the spec), or the
// streams listed with a mode each, as Airbyte's connection screen sets them. Switching back to
// "all" and again to a list brings the rows back while the page is open.
import { useState } from 'react';
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';
import { recordsOf } from '@/lib/pipeline/spec/draft-values';
import { DEFAULT_SYNC_MODE } from '@/lib/pipeline/spec/stream-rows';
import { Button } from '@/components/ui/button';
import { FieldErrors } from '@/components/ui/field-errors';
import { StreamRow } from './stream-row';
import { useStableKeys } from './use-stable-keys';

interface StreamsEditorProps {
  id: string;
  /** Spec path of the list, e.g. `sources[0].streams`. */
  at: string;
  /** The source's `streams`: absent for all streams. */
  value: unknown;
  errors: Record<string, string>;
  readOnly: boolean;
  /** undefined: all streams in their default modes. */
  onChange(streams: JsonObject[] | undefined): void;
}

const blankStream = (): JsonObject => ({ name: '', syncMode: DEFAULT_SYNC_MODE });

export function StreamsEditor({ id, at, value, errors, readOnly, onChange }: StreamsEditorProps) {
  const listed = Array.isArray(value);
  const streams = recordsOf(value);
  const keys = useStableKeys(streams.length);
  const [setAside, setSetAside] = useState<JsonObject[]>([]);
  const error = errors[at];

  function showAll() {
    setSetAside(streams);
    onChange(undefined);
  }

  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} className="space-y-3">
      <legend className="text-base font-semibold">Streams</legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <label htmlFor={`${id}-all`} className="flex min-h-8 items-center gap-2 text-sm">
          <input id={`${id}-all`} type="radio" name={`${id}-mode`} className="size-4 accent-primary" checked={!listed} disabled={readOnly} onChange={showAll} />
          All streams in their default sync modes
        </label>
        <label htmlFor={`${id}-list`} className="flex min-h-8 items-center gap-2 text-sm">
          <input
            id={`${id}-list`}
            type="radio"
            name={`${id}-mode`}
            className="size-4 accent-primary"
            checked={listed}
            disabled={readOnly}
            onChange={() => onChange(setAside.length > 0 ? setAside : [blankStream()])}
          />
          Choose streams and sync modes
        </label>
      </div>
      <FieldErrors id={error ? `${id}-error` : undefined} errors={error ? [error] : undefined} />
      {listed && (
        <div className="space-y-3">
          {streams.map((stream, i) => (
            <StreamRow
              key={keys.keys[i]}
              id={`${id}-${i}`}
              at={`${at}[${i}]`}
              index={i}
              stream={stream}
              errors={errors}
              readOnly={readOnly}
              onChange={(next) => onChange(streams.map((s, j) => (j === i ? next : s)))}
              onRemove={() => {
                keys.removed(i);
                onChange(streams.filter((_, j) => j !== i));
              }}
            />
          ))}
          {streams.length === 0 && <p className="text-sm text-muted">No streams listed: this source would sync nothing.</p>}
          {!readOnly && (
            <Button
              variant="secondary"
              onClick={() => {
                keys.added();
                onChange([...streams, blankStream()]);
              }}
            >
              <span aria-hidden="true">+</span> Add stream
            </Button>
          )}
        </div>
      )}
    </fieldset>
  );
}
