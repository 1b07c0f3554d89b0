// Parameter values for a stack operation: given values, UsePreviousValue, defaults, and the
// constraints a template declares, with CloudFormation's error messages.
import { createHash } from 'node:crypto';
import { AwsError } from '../protocol';
import type { ParameterDeclaration } from './template-types';

export interface ParameterInput {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: string | boolean;
}

export interface StackParameter {
  key: string;
  /** The value as given (a list parameter as its comma-separated text). */
  value: string;
  /** For SSM parameter types: the value the parameter store held. */
  resolvedValue?: string;
  noEcho: boolean;
}

function invalid(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

function violation(name: string, decl: ParameterDeclaration, fallback: string): AwsError {
  return invalid(decl.constraintDescription ? `Parameter '${name}' failed to satisfy constraint: ${decl.constraintDescription}` : fallback);
}

function checkConstraints(name: string, decl: ParameterDeclaration, value: string): void {
  const isList = decl.type === 'CommaDelimitedList' || decl.type.startsWith('List<');
  const items = isList ? value.split(',').map((v) => v.trim()) : [value];
  for (const item of items) {
    if ((decl.type === 'Number' || decl.type === 'List<Number>') && (item.trim() === '' || Number.isNaN(Number(item)))) {
      throw invalid(`Parameter '${name}' must be a number.`);
    }
    if (decl.allowedValues && !decl.allowedValues.includes(item)) throw violation(name, decl, `Parameter '${name}' must be one of AllowedValues`);
    if (decl.allowedPattern !== undefined && !new RegExp(`^(?:${decl.allowedPattern})$`).test(item)) {
      throw violation(name, decl, `Parameter '${name}' must match pattern ${decl.allowedPattern}`);
    }
    if (decl.minLength !== undefined && item.length < decl.minLength) throw violation(name, decl, `Parameter '${name}' must contain at least ${decl.minLength} characters`);
    if (decl.maxLength !== undefined && item.length > decl.maxLength) throw violation(name, decl, `Parameter '${name}' must contain at most ${decl.maxLength} characters`);
    if (decl.minValue !== undefined && Number(item) < decl.minValue) throw violation(name, decl, `Parameter '${name}' must be a number not less than ${decl.minValue}`);
    if (decl.maxValue !== undefined && Number(item) > decl.maxValue) throw violation(name, decl, `Parameter '${name}' must be a number not greater than ${decl.maxValue}`);
  }
}

/** The sandbox has no parameter store: an SSM parameter resolves to a stable made-up value. */
function ssmValue(type: string, name: string): string {
  const digest = createHash('sha256').update(name).digest('hex');
  return type.includes('AWS::EC2::Image::Id') ? `ami-${digest.slice(0, 17)}` : `sandbox-${digest.slice(0, 12)}`;
}

export function resolveParameters(
  declarations: Map<string, ParameterDeclaration>,
  inputs: ParameterInput[],
  previous: StackParameter[] = [],
): StackParameter[] {
  const given = new Map<string, ParameterInput>();
  for (const input of inputs) if (input.ParameterKey) given.set(input.ParameterKey, input);
  const unknown = [...given.keys()].filter((k) => !declarations.has(k));
  if (unknown.length) throw invalid(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const missing: string[] = [];
  const out: StackParameter[] = [];
  for (const [name, decl] of declarations) {
    const input = given.get(name);
    let value: string | undefined;
    if (input && String(input.UsePreviousValue) === 'true') {
      value = previous.find((p) => p.key === name)?.value;
      if (value === undefined) throw invalid(`Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
    } else {
      value = input?.ParameterValue ?? decl.default;
    }
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    checkConstraints(name, decl, value);
    const resolvedValue = decl.type.startsWith('AWS::SSM::Parameter::Value<') ? ssmValue(decl.type, value) : undefined;
    out.push({ key: name, value, resolvedValue, noEcho: decl.noEcho });
  }
  if (missing.length) throw invalid(`Parameters: [${missing.join(', ')}] must have values`);
  return out;
}

/** What Ref of each parameter returns: list types as arrays, SSM types as the stored value. */
export function parameterValues(declarations: Map<string, ParameterDeclaration>, parameters: StackParameter[]): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const p of parameters) {
    const type = declarations.get(p.key)?.type ?? 'String';
    const value = p.resolvedValue ?? p.value;
    out.set(p.key, type === 'CommaDelimitedList' || type.startsWith('List<') ? value.split(',').map((v) => v.trim()) : value);
  }
  return out;
}
