// What a field shows around its input: element ids, the hint under it and the placeholder inside.
import type { FormField } from '@/lib/pipeline/catalog/form-model';
import { textFromValue } from '@/lib/pipeline/catalog/field-check';

/** An element id for a field path, safe in ids and CSS selectors ("sources-0-credentials_password"). */
export function fieldId(idPrefix: string, path: string): string {
  return `${idPrefix}-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const KIND_HINTS: Partial<Record<FormField['kind'], string>> = {
  'string-list': 'One per line.',
  json: 'Written as JSON.',
};

export function hintOf(field: FormField): string | undefined {
  return field.patternHint ? `Format: ${field.patternHint}` : KIND_HINTS[field.kind];
}

/** A sample of what to type: the catalog's own, else the default the connector uses when blank. */
export function placeholderOf(field: FormField): string | undefined {
  const fallback = field.default === undefined || field.default === '' ? undefined : textFromValue(field, field.default);
  return field.placeholder ?? fallback ?? field.patternHint;
}
