// The resource provider schemas the project keeps (generated from the official ones, see
// scripts/contracts/cloudformation-schemas.ts), and what the stand-in reads from them: which
// types exist, which attributes Fn::GetAtt may read, which properties force a replacement.
import { RESOURCE_SCHEMAS } from '../../../cloudformation/schemas';
import type { ResourceProviderSchema } from '../../../cloudformation/schemas/types';

export function hasSchema(type: string): boolean {
  return Object.hasOwn(RESOURCE_SCHEMAS, type);
}

export function schemaFor(type: string): ResourceProviderSchema | undefined {
  return hasSchema(type) ? RESOURCE_SCHEMAS[type] : undefined;
}

/** `/properties/Endpoint/Address` → `Endpoint.Address` (GetAtt's spelling). */
function pointerToPath(pointer: string): string {
  return pointer.replace(/^\/properties\//, '').replace(/\//g, '.');
}

/** Fn::GetAtt may read a read-only property (nested ones with dots) or any top-level property. */
export function getAttAllowed(type: string, attribute: string): boolean {
  const schema = schemaFor(type);
  if (!schema) return false;
  if (Object.hasOwn(schema.properties, attribute)) return true;
  return (schema.readOnlyProperties ?? []).some((p) => pointerToPath(p) === attribute);
}

/** Read-only attribute paths of a type, e.g. `['Arn', 'Endpoint.Address']`. */
export function readOnlyAttributes(type: string): string[] {
  return (schemaFor(type)?.readOnlyProperties ?? []).map(pointerToPath).filter((p) => !p.includes('*'));
}

export interface ReplacementRules {
  /** Top-level properties whose change always replaces the resource. */
  always: Set<string>;
  /** Top-level properties whose change may replace it (nested create-only paths count here too). */
  conditionally: Set<string>;
}

const rulesCache = new Map<string, ReplacementRules>();

export function replacementRules(type: string): ReplacementRules {
  const cached = rulesCache.get(type);
  if (cached) return cached;
  const schema = schemaFor(type);
  const always = new Set<string>();
  const conditionally = new Set<string>();
  for (const pointer of schema?.createOnlyProperties ?? []) {
    const [top, ...rest] = pointerToPath(pointer).split('.');
    if (!top) continue;
    (rest.length ? conditionally : always).add(top);
  }
  for (const pointer of schema?.conditionalCreateOnlyProperties ?? []) {
    const top = pointerToPath(pointer).split('.')[0];
    if (top && !always.has(top)) conditionally.add(top);
  }
  const rules = { always, conditionally };
  rulesCache.set(type, rules);
  return rules;
}

/** What a changed property means for the resource, as change sets say it. */
export function requiresRecreation(type: string, property: string): 'Always' | 'Conditionally' | 'Never' {
  const rules = replacementRules(type);
  return rules.always.has(property) ? 'Always' : rules.conditionally.has(property) ? 'Conditionally' : 'Never';
}
