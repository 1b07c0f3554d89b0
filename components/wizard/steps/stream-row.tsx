'use client';
// One stream of a source: its name, its sync mode in Airbyte's words and, for incremental modes,
// the cursor field (and for deduplication the primary key), blank meaning the source's own.
import type { JsonObject, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { textOf } from '@/lib/pipeline/spec/draft-values';
import type { SyncMode } from '@/lib/pipeline/spec/sources';
import {
  fieldPathFromText,
  primaryKeyFromText,
  SYNC_MODE_OPTIONS,
  textFromFieldPath,
  textFromPrimaryKey,
  usesCursor,
  usesPrimaryKey,
  withStreamKey,
  withSyncMode,
} from '@/lib/pipeline/spec/stream-rows';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/select-field';
import { useTextDraft } from './use-text-draft';
import { TextField } from './text-field';

interface StreamRowProps {
  id: string;
  /** Spec path of the row, e.g. `sources[0].streams[2]`. */
  at: string;
  index: number;
  stream: JsonObject;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange(stream: JsonObject): void;
  onRemove(): void;
}

/** A finding at the path or anywhere below it (`cursorField[0]`), for inputs that edit a whole list. */
function findingAt(errors: Record<string, string>, path: string): string[] | undefined {
  const hit = Object.entries(errors).find(([p]) => p === path || p.startsWith(`${path}[`) || p.startsWith(`${path}.`));
  return hit ? [hit[1]] : undefined;
}

export function StreamRow({ id, at, index, stream, errors, readOnly, onChange, onRemove }: StreamRowProps) {
  const mode = stream.syncMode;
  const set = (key: string) => (value: JsonValue | undefined) => onChange(withStreamKey(stream, key, value));
  const [cursorText, typeCursor] = useTextDraft(stream.cursorField, textFromFieldPath, fieldPathFromText, set('cursorField'));
  const [keyText, typeKey] = useTextDraft(stream.primaryKey, textFromPrimaryKey, primaryKeyFromText, set('primaryKey'));
  const name = textOf(stream.name);
  const knownMode = SYNC_MODE_OPTIONS.some((o) => o.value === mode);
  return (
    <fieldset className="grid gap-x-4 gap-y-2 rounded-md border border-line p-4 sm:grid-cols-2">
      <legend className="px-1 text-sm font-semibold">
        Stream {index + 1}
        {name && <span className="font-normal text-muted">: {name}</span>}
      </legend>
      <TextField
        id={`${id}-name`}
        label="Stream name"
        value={name}
        readOnly={readOnly}
        errors={findingAt(errors, `${at}.name`)}
        onText={set('name')}
      />
      <SelectField
        id={`${id}-mode`}
        name={`${id}-mode`}
        label="Sync mode"
        options={knownMode ? SYNC_MODE_OPTIONS : [{ value: '', label: 'Choose…' }, ...SYNC_MODE_OPTIONS]}
        value={knownMode ? String(mode) : ''}
        disabled={readOnly}
        errors={findingAt(errors, `${at}.syncMode`)}
        onChange={(e) => onChange(withSyncMode(stream, e.target.value as SyncMode))}
      />
      {usesCursor(mode) && (
        <TextField
          id={`${id}-cursor`}
          label="Cursor field (optional)"
          hint="Blank: the source’s default cursor. A nested field as parent.child."
          value={cursorText}
          readOnly={readOnly}
          errors={findingAt(errors, `${at}.cursorField`)}
          onText={typeCursor}
        />
      )}
      {usesPrimaryKey(mode) && (
        <TextField
          id={`${id}-key`}
          label="Primary key (optional)"
          hint="Blank: the source’s own key. Several fields separated by commas."
          value={keyText}
          readOnly={readOnly}
          errors={findingAt(errors, `${at}.primaryKey`)}
          onText={typeKey}
        />
      )}
      {!readOnly && (
        <div className="sm:col-span-2">
          <Button variant="ghost" aria-label={`Remove stream ${index + 1}${name ? ` (${name})` : ''}`} onClick={onRemove}>
            Remove stream
          </Button>
        </div>
      )}
    </fieldset>
  );
}
