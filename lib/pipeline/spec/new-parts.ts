// What the wizard adds when a source or destination is picked, and the source rename that keeps
// the table prefix following the name. Client-safe (the form model and pure helpers only).
import type { ConnectorForm, JsonObject } from '@/lib/pipeline/catalog/form-model';
import { initialConfig } from '@/lib/pipeline/catalog/initial-config';
import { textOf } from './draft-values';
import { defaultPrefix, nameFromType, uniqueName } from './list-names';
import { initialMapping, type MappingFieldInfo } from './mapping-rows';
import { SCHEDULE_PRESETS } from './schedule-words';

/** Hourly in UTC: the original Tapestry's default sync (and the Rain Shield preset's). */
export function defaultSchedule(): JsonObject {
  return { kind: 'cron', expression: SCHEDULE_PRESETS[0].expression, timezone: 'UTC' };
}

/** A source of `type`, named after it (unique among `taken`), with its form's defaults; all streams. */
export function newSource(type: string, form: ConnectorForm, taken: readonly string[]): JsonObject {
  const name = uniqueName(nameFromType(type), taken);
  return { name, type, prefix: defaultPrefix(name), config: initialConfig(form), schedule: defaultSchedule() };
}

/** A destination of `type` with its form's defaults and every suggested column mapped. */
export function newDestination(type: string, form: ConnectorForm, fields: readonly MappingFieldInfo[], taken: readonly string[]): JsonObject {
  return { name: uniqueName(nameFromType(type), taken), type, config: initialConfig(form), mapping: initialMapping(fields) };
}

/** Renames a source; a prefix still at the old name's default follows the new name. */
export function renamedSource(source: JsonObject, name: string): JsonObject {
  // A missing or emptied prefix means "no prefix" and stays that way.
  return textOf(source.prefix) === defaultPrefix(textOf(source.name)) ? { ...source, name, prefix: defaultPrefix(name) } : { ...source, name };
}
