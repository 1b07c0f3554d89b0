// Edits the wizard applies to a connector configuration on the connector form's behalf, and the
// server's findings for one configuration taken out of the step's findings. Client-safe: the form
// model and the pure catalog helpers only. Every edit returns a new object (React state).
import { deleteAt, getAt, setAt } from '@/lib/pipeline/catalog/config-paths';
import type { ConnectorForm, FormChoice, FormNode, JsonObject, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { initialConfig } from '@/lib/pipeline/catalog/initial-config';

/** The configuration with one value set, or removed when `value` is undefined (a cleared input). */
export function withValue(config: JsonObject, path: string, value: JsonValue | undefined): JsonObject {
  const next = structuredClone(config);
  if (value === undefined) deleteAt(next, path);
  else setAt(next, path, value);
  return next;
}

function findChoice(nodes: FormNode[], path: string): FormChoice | undefined {
  for (const node of nodes) {
    if (node.type !== 'choice') continue;
    if (node.path === path) return node;
    for (const option of node.options) {
      const inner = findChoice(option.fields, path);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * The configuration after picking another option of a choice: the object at the choice's path
 * starts over from the new option's defaults, as Airbyte's setup screens do, so settings of the
 * option left (a password when switching to a key pair) never linger in the draft.
 */
export function withChoice(form: ConnectorForm, config: JsonObject, path: string, discriminator: string, optionValue: string): JsonObject {
  const option = findChoice(form.fields, path)?.options.find((o) => o.value === optionValue);
  const fresh = option ? getAt(initialConfig({ ...form, fields: option.fields }), path) : undefined;
  const base = typeof fresh === 'object' && fresh !== null && !Array.isArray(fresh) ? fresh : {};
  return withValue(config, path, { ...base, [discriminator]: optionValue });
}

/** The findings under `at` (e.g. `sources[0].config`), keyed by the path below it as the form names fields. */
export function errorsBelow(errors: Record<string, string>, at: string): Record<string, string> {
  const prefix = `${at}.`;
  return Object.fromEntries(Object.entries(errors).flatMap(([path, message]) => (path.startsWith(prefix) ? [[path.slice(prefix.length), message]] : [])));
}
