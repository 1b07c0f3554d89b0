// Resolves intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If,
// Fn::FindInMap, Fn::GetAZs, Fn::Base64, Fn::Cidr, Fn::ImportValue) and AWS::NoValue in a value.
// A reference to a resource that does not exist yet (planning a change set, or checking a
// template before creation) resolves to `Unknown`, which spreads through every function that
// uses it: CloudFormation shows such values as "{{IntrinsicFunction:…}}" and reports the change
// as Dynamic.
import { getAttTarget } from './dependencies';
import { isTemplateObject, templateError, templateFormatError, type TemplateObject, type TemplateValue } from './template-types';

/** A value only known once the resources it refers to exist. */
export class Unknown {
  constructor(readonly causes: string[]) {}
}

export const NO_VALUE = Symbol('AWS::NoValue');

export interface ResolveScope {
  /** Parameter values after defaults (list types as arrays). */
  parameters: Map<string, string | string[]>;
  /** Pseudo parameters: AWS::Region, AWS::AccountId, AWS::StackName, … */
  pseudo: Record<string, string | string[]>;
  conditions: Map<string, boolean>;
  mappings: TemplateObject;
  region: string;
  /** What Ref of a resource returns; undefined when the resource is not part of the stack. */
  resourceRef(logicalId: string): string | Unknown | undefined;
  /** What Fn::GetAtt of a resource returns; undefined when the attribute has no value. */
  resourceAttribute(logicalId: string, attribute: string): unknown;
  /** Values exported by stacks in this account and region (Fn::ImportValue). */
  importValue(name: string): string | undefined;
}

/** Availability zones per region as Fn::GetAZs lists them. */
export function availabilityZones(region: string): string[] {
  const letters = region === 'us-east-1' ? 'abcdef' : 'abc';
  return [...letters].map((l) => `${region}${l}`);
}

export function findUnknown(value: unknown): Unknown | undefined {
  if (value instanceof Unknown) return value;
  const causes: string[] = [];
  const walk = (v: unknown) => {
    if (v instanceof Unknown) causes.push(...v.causes);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return causes.length ? new Unknown([...new Set(causes)]) : undefined;
}

function asString(value: unknown, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw templateError(`every ${fn} member must be a string`);
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Fn::Cidr for IPv4: `count` blocks of `cidrBits` host bits carved from `block`. */
function cidr(block: string, count: number, cidrBits: number): string[] {
  const [base, prefix] = block.split('/');
  if (!base || prefix === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(base)) throw templateError(`Fn::Cidr: invalid ipBlock ${block}`);
  const newPrefix = 32 - cidrBits;
  if (newPrefix < Number(prefix) || count < 1 || count > 256) throw templateError('Fn::Cidr: the requested subnets do not fit in the ipBlock');
  const start = ipToNumber(base);
  const size = 2 ** cidrBits;
  return Array.from({ length: count }, (_, i) => `${numberToIp(start + i * size)}/${newPrefix}`);
}

export function resolveValue(value: TemplateValue, scope: ResolveScope): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope)).filter((v) => v !== NO_VALUE);
  if (!isTemplateObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const fn = FUNCTIONS[key];
    if (fn) return fn(value[key] as TemplateValue, scope);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const resolved = resolveValue(v, scope);
    if (resolved !== NO_VALUE) out[k] = resolved;
  }
  return out;
}

function resolveArgs(arg: TemplateValue, scope: ResolveScope, fn: string, count: number): unknown[] {
  if (!Array.isArray(arg) || arg.length !== count) throw templateError(`every ${fn} object requires ${count} parameters`);
  return arg.map((a) => resolveValue(a, scope));
}

function ref(name: TemplateValue, scope: ResolveScope): unknown {
  if (typeof name !== 'string') throw templateFormatError('Every Ref object must have a single String value.');
  if (name === 'AWS::NoValue') return NO_VALUE;
  const param = scope.parameters.get(name);
  if (param !== undefined) return param;
  const pseudo = scope.pseudo[name];
  if (pseudo !== undefined) return pseudo;
  const resource = scope.resourceRef(name);
  if (resource === undefined) throw templateFormatError(`Unresolved resource dependencies [${name}] in the Resources block of the template`);
  return resource;
}

function getAtt(arg: TemplateValue, scope: ResolveScope): unknown {
  const target = getAttTarget(arg);
  if (!target) throw templateError('every Fn::GetAtt object requires two non-empty parameters');
  if (scope.resourceRef(target.resource) === undefined) {
    throw templateFormatError(`Unresolved resource dependencies [${target.resource}] in the Resources block of the template`);
  }
  const value = scope.resourceAttribute(target.resource, target.attribute);
  if (value === undefined) throw templateError(`resource ${target.resource} does not support attribute type ${target.attribute} in Fn::GetAtt`);
  return value;
}

function sub(arg: TemplateValue, scope: ResolveScope): unknown {
  const [text, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  if (typeof text !== 'string') throw templateError('One or more Fn::Sub intrinsic functions don\'t specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string');
  const locals = isTemplateObject(variables) ? (resolveValue(variables, scope) as Record<string, unknown>) : {};
  const unknowns: Unknown[] = [];
  const lookup = (name: string): string => {
    let value: unknown;
    if (Object.hasOwn(locals, name)) value = locals[name];
    else {
      const dot = name.indexOf('.');
      value = dot > 0 && !name.startsWith('AWS::') ? getAtt([name.slice(0, dot), name.slice(dot + 1)], scope) : ref(name, scope);
    }
    const unknown = findUnknown(value);
    if (unknown) {
      unknowns.push(unknown);
      return '';
    }
    return Array.isArray(value) ? value.join(',') : asString(value, 'Fn::Sub');
  };
  let out = '';
  let last = 0;
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = (match[1] ?? '').trim();
    out += text.slice(last, match.index);
    out += inner.startsWith('!') ? '${' + inner.slice(1) + '}' : lookup(inner);
    last = (match.index ?? 0) + match[0].length;
  }
  out += text.slice(last);
  if (unknowns.length) return new Unknown([...new Set(unknowns.flatMap((u) => u.causes))]);
  return out;
}

const FUNCTIONS: Record<string, (arg: TemplateValue, scope: ResolveScope) => unknown> = {
  Ref: ref,
  'Fn::GetAtt': getAtt,
  'Fn::Sub': sub,
  'Fn::Join': (arg, scope) => {
    const [delimiter, list] = resolveArgs(arg, scope, 'Fn::Join', 2);
    const unknown = findUnknown([delimiter, list]);
    if (unknown) return unknown;
    if (!Array.isArray(list)) throw templateError('every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.');
    return list.map((item) => asString(item, 'Fn::Join')).join(asString(delimiter, 'Fn::Join'));
  },
  'Fn::Select': (arg, scope) => {
    const [index, list] = resolveArgs(arg, scope, 'Fn::Select', 2);
    const unknown = findUnknown([index, list]);
    if (unknown) return unknown;
    const i = Number(index);
    if (!Array.isArray(list) || !Number.isInteger(i)) throw templateError('Fn::Select requires a list argument with two elements: an integer index and a list');
    if (i < 0 || i >= list.length) throw templateError(`Fn::Select cannot select nonexistent value at index ${i}`);
    return list[i];
  },
  'Fn::Split': (arg, scope) => {
    const [delimiter, text] = resolveArgs(arg, scope, 'Fn::Split', 2);
    const unknown = findUnknown([delimiter, text]);
    if (unknown) return unknown;
    return asString(text, 'Fn::Split').split(asString(delimiter, 'Fn::Split'));
  },
  'Fn::If': (arg, scope) => {
    if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') throw templateError('Fn::If requires a list argument with three elements');
    const condition = scope.conditions.get(arg[0]);
    if (condition === undefined) throw templateError(`unresolved condition dependency ${arg[0]} in Fn::If`);
    return resolveValue(arg[condition ? 1 : 2] as TemplateValue, scope);
  },
  'Fn::FindInMap': (arg, scope) => {
    const parts = resolveArgs(arg, scope, 'Fn::FindInMap', 3);
    const unknown = findUnknown(parts);
    if (unknown) return unknown;
    const [map, top, second] = parts.map((p) => asString(p, 'Fn::FindInMap'));
    const level1 = scope.mappings[map as string];
    const level2 = isTemplateObject(level1) ? level1[top as string] : undefined;
    const found = isTemplateObject(level2) ? level2[second as string] : undefined;
    if (found === undefined) throw templateError(`Unable to get mapping for ${map}::${top}::${second}`);
    return found;
  },
  'Fn::GetAZs': (arg, scope) => {
    const region = resolveValue(arg, scope);
    return availabilityZones(typeof region === 'string' && region ? region : scope.region);
  },
  'Fn::Base64': (arg, scope) => {
    const text = resolveValue(arg, scope);
    return findUnknown(text) ?? Buffer.from(asString(text, 'Fn::Base64'), 'utf8').toString('base64');
  },
  'Fn::Cidr': (arg, scope) => {
    const [block, count, bits] = resolveArgs(arg, scope, 'Fn::Cidr', 3);
    return findUnknown([block, count, bits]) ?? cidr(asString(block, 'Fn::Cidr'), Number(count), Number(bits));
  },
  'Fn::ImportValue': (arg, scope) => {
    const name = resolveValue(arg, scope);
    const unknown = findUnknown(name);
    if (unknown) return unknown;
    const value = scope.importValue(asString(name, 'Fn::ImportValue'));
    if (value === undefined) throw templateError(`No export named ${String(name)} found.`);
    return value;
  },
};
