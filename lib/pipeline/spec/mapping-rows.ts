// A destination's field mapping as the wizard edits it (Hightouch-style): one row per field the
// destination offers, required ones first to fill, plus fields the user adds by name. The mapping
// itself stays the spec's plain object, destination field → unified users column.
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';

/** A destination field the catalog lists (WizardCatalog's `destinations[].mapping` entries). */
export interface MappingFieldInfo {
  field: string;
  label: string;
  required: boolean;
  suggested?: string;
}

export interface MappingRow {
  field: string;
  label: string;
  required: boolean;
  /** The column mapped to it; undefined when the field is left out (or holds something that is not text). */
  column: string | undefined;
  /** Added by the user by name rather than listed by the destination: it can be removed. */
  added: boolean;
}

/** The mapping a new destination starts with: every suggested column preselected. */
export function initialMapping(fields: readonly MappingFieldInfo[]): JsonObject {
  return Object.fromEntries(fields.flatMap((f) => (f.suggested ? [[f.field, f.suggested]] : [])));
}

/** The catalog's fields in its order, then every other field the mapping holds, in its order. */
export function mappingRows(fields: readonly MappingFieldInfo[], mapping: JsonObject): MappingRow[] {
  const columnOf = (field: string) => {
    const value = Object.hasOwn(mapping, field) ? mapping[field] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  const listed = fields.map((f) => ({ field: f.field, label: f.label, required: f.required, column: columnOf(f.field), added: false }));
  const known = new Set(fields.map((f) => f.field));
  const added = Object.keys(mapping)
    .filter((field) => !known.has(field))
    .map((field) => ({ field, label: field, required: false, column: columnOf(field), added: true }));
  return [...listed, ...added];
}

/** The mapping with a field mapped to `column`, or left out when `column` is undefined. */
export function withMapping(mapping: JsonObject, field: string, column: string | undefined): JsonObject {
  const next: JsonObject = { ...mapping };
  if (column === undefined) delete next[field];
  else next[field] = column;
  return next;
}

/** Why a field name cannot be added to the mapping, or undefined. */
export function addedFieldProblem(field: string, mapping: JsonObject, fields: readonly MappingFieldInfo[]): string | undefined {
  const name = field.trim();
  if (name === '') return 'Type the destination field’s name';
  if (Object.hasOwn(mapping, name) || fields.some((f) => f.field === name)) return `${name} is already in the mapping`;
  return undefined;
}
