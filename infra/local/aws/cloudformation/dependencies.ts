// Which resources depend on which: CloudFormation orders work by the references a resource's
// properties make (Ref, Fn::GetAtt, and the ${…} placeholders of Fn::Sub) plus DependsOn.
import { isTemplateObject, type ResourceDeclaration, type TemplateValue } from './template-types';

export interface References {
  /** Names used with Ref or as `${Name}` in Fn::Sub (parameters, pseudo parameters, resources). */
  refs: Set<string>;
  /** Resource → attributes read with Fn::GetAtt or `${Resource.Attribute}`. */
  getAtts: Map<string, Set<string>>;
  /** Condition names used by Fn::If or `{ Condition: X }`. */
  conditions: Set<string>;
}

/** The `${…}` placeholders of a Fn::Sub string, without `${!Literal}` escapes. */
export function subPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = (match[1] ?? '').trim();
    if (inner && !inner.startsWith('!')) out.push(inner);
  }
  return out;
}

/** GetAtt's two forms: `['Resource', 'Attr.Path']` or `'Resource.Attr.Path'`. */
export function getAttTarget(argument: TemplateValue): { resource: string; attribute: string } | undefined {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    return dot > 0 ? { resource: argument.slice(0, dot), attribute: argument.slice(dot + 1) } : undefined;
  }
  if (Array.isArray(argument) && typeof argument[0] === 'string' && typeof argument[1] === 'string') {
    return { resource: argument[0], attribute: argument[1] };
  }
  return undefined;
}

export function collectReferences(value: TemplateValue, into: References = { refs: new Set(), getAtts: new Map(), conditions: new Set() }): References {
  const addGetAtt = (resource: string, attribute: string) => {
    const set = into.getAtts.get(resource) ?? new Set<string>();
    set.add(attribute);
    into.getAtts.set(resource, set);
  };
  const walk = (v: TemplateValue): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x));
    if (!isTemplateObject(v)) return;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = v[key] as TemplateValue;
      if (key === 'Ref' && typeof arg === 'string') {
        into.refs.add(arg);
        return;
      }
      if (key === 'Fn::GetAtt') {
        const target = getAttTarget(arg);
        if (target) addGetAtt(target.resource, target.attribute);
        return;
      }
      if (key === 'Condition' && typeof arg === 'string') {
        into.conditions.add(arg);
        return;
      }
      if (key === 'Fn::If' && Array.isArray(arg) && typeof arg[0] === 'string') {
        into.conditions.add(arg[0]);
        arg.slice(1).forEach((x) => walk(x));
        return;
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
        const names = new Set(isTemplateObject(variables) ? Object.keys(variables) : []);
        if (variables !== undefined) walk(variables);
        if (typeof text === 'string') {
          for (const placeholder of subPlaceholders(text)) {
            if (names.has(placeholder)) continue;
            const dot = placeholder.indexOf('.');
            if (dot > 0) addGetAtt(placeholder.slice(0, dot), placeholder.slice(dot + 1));
            else into.refs.add(placeholder);
          }
        }
        return;
      }
    }
    for (const child of Object.values(v)) walk(child);
  };
  walk(value);
  return into;
}

/** Each resource's prerequisites among the given resources (references and DependsOn). */
export function prerequisites(resources: Map<string, ResourceDeclaration>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [id, resource] of resources) {
    const refs = collectReferences(resource.properties);
    const deps = new Set<string>();
    for (const name of [...refs.refs, ...refs.getAtts.keys(), ...resource.dependsOn]) {
      if (name !== id && resources.has(name)) deps.add(name);
    }
    out.set(id, deps);
  }
  return out;
}

/** A dependency cycle as CloudFormation lists it, or undefined. */
export function findCycle(resources: Map<string, ResourceDeclaration>): string[] | undefined {
  const deps = prerequisites(resources);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return stack.slice(stack.indexOf(id));
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of resources.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Prerequisites reversed: for deletion, a resource waits for everything that depends on it. */
export function dependents(deps: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>([...deps.keys()].map((id) => [id, new Set<string>()]));
  for (const [id, prereqs] of deps) for (const p of prereqs) out.get(p)?.add(id);
  return out;
}

/** Ids ordered so that every prerequisite comes before what depends on it (ties: declaration order). */
export function topologicalOrder(deps: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const dep of deps.get(id) ?? []) if (deps.has(dep)) visit(dep);
    out.push(id);
  };
  for (const id of deps.keys()) visit(id);
  return out;
}
