// A CloudFormation template after parsing (JSON, or YAML with its short intrinsic tags turned into
// the long `Fn::` form), and the pieces of it the stand-in works with once it has been checked.
import { AwsError } from '../protocol';

export type TemplateValue = null | boolean | number | string | TemplateValue[] | { [key: string]: TemplateValue };
export type TemplateObject = { [key: string]: TemplateValue };

export function isTemplateObject(value: TemplateValue | undefined): value is TemplateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ParameterDeclaration {
  type: string;
  default?: string;
  noEcho: boolean;
  allowedValues?: string[];
  allowedPattern?: string;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  description?: string;
  constraintDescription?: string;
}

export interface ResourceDeclaration {
  logicalId: string;
  type: string;
  properties: TemplateObject;
  dependsOn: string[];
  condition?: string;
  deletionPolicy: 'Delete' | 'Retain' | 'Snapshot' | 'RetainExceptOnCreate';
  metadata?: TemplateObject;
}

export interface OutputDeclaration {
  key: string;
  value: TemplateValue;
  description?: string;
  condition?: string;
  exportName?: TemplateValue;
}

/** A template that passed the checks CreateStack/ValidateTemplate make before anything is created. */
export interface CheckedTemplate {
  body: string;
  description?: string;
  parameters: Map<string, ParameterDeclaration>;
  mappings: TemplateObject;
  conditions: TemplateObject;
  resources: Map<string, ResourceDeclaration>;
  outputs: Map<string, OutputDeclaration>;
  transforms: string[];
}

/** `ValidationError` with CloudFormation's "Template format error: …" prefix. */
export function templateFormatError(message: string): AwsError {
  return new AwsError('ValidationError', `Template format error: ${message}`);
}

/** `ValidationError` with CloudFormation's "Template error: …" prefix (problems found while resolving). */
export function templateError(message: string): AwsError {
  return new AwsError('ValidationError', `Template error: ${message}`);
}
