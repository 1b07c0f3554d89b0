// The Conditions section: Fn::Equals, Fn::And, Fn::Or, Fn::Not and references to other
// conditions, evaluated once per operation from parameter values (conditions cannot refer to
// resources). Resources and outputs whose Condition is false are left out of the stack.
import { resolveValue, type ResolveScope } from './intrinsics';
import { isTemplateObject, templateError, templateFormatError, type TemplateObject, type TemplateValue } from './template-types';

/** Evaluates the Conditions section with the given parameter values. */
export function evaluateConditions(conditions: TemplateObject, scope: Omit<ResolveScope, 'conditions'>): Map<string, boolean> {
  const results = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const evaluate = (name: string): boolean => {
    const known = results.get(name);
    if (known !== undefined) return known;
    const definition = conditions[name];
    if (definition === undefined) throw templateFormatError(`Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`);
    if (evaluating.has(name)) throw templateFormatError(`Circular condition dependency between conditions: [${[...evaluating].join(', ')}]`);
    evaluating.add(name);
    const result = condition(definition);
    evaluating.delete(name);
    results.set(name, result);
    return result;
  };
  const plainScope: ResolveScope = {
    ...scope,
    conditions: new Map(),
    resourceRef: (id) => {
      throw templateFormatError(`Unresolved dependencies [${id}]. Cannot reference resources in the Conditions block of the template`);
    },
  };
  const condition = (value: TemplateValue): boolean => {
    if (!isTemplateObject(value) || Object.keys(value).length !== 1) throw templateError('Conditions can only be boolean operations on parameters and other conditions');
    const [[fn, arg]] = Object.entries(value) as [[string, TemplateValue]];
    if (fn === 'Condition' && typeof arg === 'string') return evaluate(arg);
    const list = Array.isArray(arg) ? arg : [];
    switch (fn) {
      case 'Fn::Equals': {
        if (list.length !== 2) throw templateError('Fn::Equals requires a list argument with two elements');
        const [a, b] = list.map((v) => resolveValue(v, plainScope));
        return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
      }
      case 'Fn::And':
        if (list.length < 2 || list.length > 10) throw templateError('Fn::And requires a list argument with between 2 and 10 elements');
        return list.map(condition).every(Boolean);
      case 'Fn::Or':
        if (list.length < 2 || list.length > 10) throw templateError('Fn::Or requires a list argument with between 2 and 10 elements');
        return list.map(condition).some(Boolean);
      case 'Fn::Not':
        if (list.length !== 1) throw templateError('Fn::Not requires a list argument with one element');
        return !condition(list[0] as TemplateValue);
      default:
        throw templateError(`${fn} is not a supported condition function`);
    }
  };
  for (const name of Object.keys(conditions)) evaluate(name);
  return results;
}

/** Fn::Equals compares as strings (a Number parameter "1" equals 1). */
function normalize(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(normalize);
  return value;
}
