'use client';
// Which unified users column fills each field of a destination (Hightouch's field mapping): a row
// per field the destination offers, required ones marked, and fields added by name for anything
// else the destination takes (a custom Mailchimp merge tag, another column).
import { useState } from 'react';
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';
import { addedFieldProblem, mappingRows, withMapping, type MappingFieldInfo, type MappingRow } from '@/lib/pipeline/spec/mapping-rows';
import { Button } from '@/components/ui/button';
import { FieldErrors } from '@/components/ui/field-errors';
import { SelectField } from '@/components/ui/select-field';
import { RequiredMark } from '@/components/wizard/connector-form/field-parts';
import { TextField } from './text-field';

interface MappingEditorProps {
  id: string;
  /** Spec path of the mapping, e.g. `destinations[0].mapping`. */
  at: string;
  /** The destination's name for the fields, e.g. "Mailchimp". */
  destinationLabel: string;
  fields: MappingFieldInfo[];
  columns: string[];
  mapping: JsonObject;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange(mapping: JsonObject): void;
}

/** The columns to pick from; a value that is not one (from an import) stays visible so the finding makes sense. */
function columnOptions(row: MappingRow, columns: string[]) {
  // A field added by name goes with its Remove button rather than with "Not sent".
  const empty = row.added ? [] : [{ value: '', label: row.required ? 'Choose a column…' : 'Not sent' }];
  const stray = row.column !== undefined && !columns.includes(row.column) ? [{ value: row.column, label: `${row.column} (not a unified users column)` }] : [];
  return [...empty, ...stray, ...columns.map((c) => ({ value: c, label: c }))];
}

function AddField({ id, fields, columns, mapping, onAdd }: { id: string; fields: MappingFieldInfo[]; columns: string[]; mapping: JsonObject; onAdd(field: string, column: string): void }) {
  const [name, setName] = useState('');
  const [column, setColumn] = useState(columns[0] ?? '');
  const [problem, setProblem] = useState<string>();
  function add() {
    const found = addedFieldProblem(name, mapping, fields);
    setProblem(found);
    if (found) return;
    onAdd(name.trim(), column);
    setName('');
  }
  return (
    <div role="group" aria-labelledby={`${id}-title`} className="space-y-2 rounded-md border border-dashed border-field p-4">
      <p id={`${id}-title`} className="text-sm font-semibold">
        Add another field
      </p>
      <div className="grid items-start gap-x-4 gap-y-2 sm:grid-cols-[1fr_1fr_auto]">
        <TextField
          id={`${id}-name`}
          label="Destination field"
          value={name}
          errors={problem ? [problem] : undefined}
          onText={setName}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            add();
          }}
        />
        <SelectField id={`${id}-column`} name={`${id}-column`} label="Unified users column" options={columns.map((c) => ({ value: c, label: c }))} value={column} onChange={(e) => setColumn(e.target.value)} />
        <Button variant="secondary" className="sm:mt-6" onClick={add}>
          Add field
        </Button>
      </div>
    </div>
  );
}

export function MappingEditor({ id, at, destinationLabel, fields, columns, mapping, errors, readOnly, onChange }: MappingEditorProps) {
  const rows = mappingRows(fields, mapping);
  const error = errors[at];
  const placed = new Set(rows.map((r) => `${at}.${r.field}`));
  // Findings about fields with no row (a required field renamed by a setting, e.g. a primary key column).
  const stray = Object.entries(errors)
    .filter(([path]) => path.startsWith(`${at}.`) && !placed.has(path))
    .map(([path, message]) => `${path.slice(at.length + 1)}: ${message}`);
  const messages = [...(error ? [error] : []), ...stray];
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <div>
        <h4 id={`${id}-title`} className="text-base font-semibold">
          Field mapping
        </h4>
        <p className="mt-1 max-w-prose text-sm text-muted">Which column of the unified users model fills each {destinationLabel} field. Users are matched by email.</p>
      </div>
      <FieldErrors id={messages.length > 0 ? `${id}-error` : undefined} errors={messages} />
      <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="bg-sunken text-left">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              {destinationLabel} field
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Unified users column
            </th>
            {!readOnly && (
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const rowError = errors[`${at}.${row.field}`];
            return (
              <tr key={row.field} className="border-t border-line align-top">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {row.label}
                  <RequiredMark required={row.required} />
                  {row.label !== row.field && <span className="block font-mono text-xs font-normal text-muted">{row.field}</span>}
                </th>
                <td className="px-3 py-2">
                  <SelectField
                    id={`${id}-${i}`}
                    name={`${id}-${i}`}
                    label={`Column for ${row.label}`}
                    hideLabel
                    options={columnOptions(row, columns)}
                    value={row.column ?? ''}
                    disabled={readOnly}
                    errors={rowError ? [rowError] : undefined}
                    onChange={(e) => onChange(withMapping(mapping, row.field, e.target.value || undefined))}
                  />
                </td>
                {!readOnly && (
                  <td className="px-3 py-2">
                    {row.added && (
                      <Button variant="ghost" aria-label={`Remove ${row.field} from the mapping`} onClick={() => onChange(withMapping(mapping, row.field, undefined))}>
                        Remove
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      {!readOnly && <AddField id={`${id}-add`} fields={fields} columns={columns} mapping={mapping} onAdd={(field, column) => onChange(withMapping(mapping, field, column))} />}
    </section>
  );
}
