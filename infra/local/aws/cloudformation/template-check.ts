// The checks CloudFormation makes when a template is submitted (CreateStack, UpdateStack,
// CreateChangeSet, ValidateTemplate), before any resource is touched: sections, parameter
// declarations, resource types, references, GetAtt attributes and dependency cycles. Each
// failure is a `ValidationError` worded as CloudFormation words it.
import { AwsError } from '../protocol';
import { collectReferences, findCycle } from './dependencies';
import { getAttAllowed, hasSchema } from './schemas';
import { parseTemplateBody } from './template-parse';
import {
  isTemplateObject,
  templateError,
  templateFormatError,
  type CheckedTemplate,
  type OutputDeclaration,
  type ParameterDeclaration,
  type ResourceDeclaration,
  type TemplateObject,
  type TemplateValue,
} from './template-types';

const SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Metadata', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'UpdatePolicy']);
const PARAMETER_KEYS = new Set(['Type', 'Default', 'NoEcho', 'AllowedValues', 'AllowedPattern', 'MinLength', 'MaxLength', 'MinValue', 'MaxValue', 'Description', 'ConstraintDescription']);
const PLAIN_PARAMETER_TYPES = new Set(['String', 'Number', 'List<Number>', 'CommaDelimitedList']);
const AWS_PARAMETER_TYPE = /^(List<)?AWS::EC2::(AvailabilityZone::Name|Image::Id|Instance::Id|KeyPair::KeyName|SecurityGroup::GroupName|SecurityGroup::Id|Subnet::Id|Volume::Id|VPC::Id)>?$|^(List<)?AWS::Route53::HostedZone::Id>?$/;
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate']);

/** Pseudo parameters every template may Ref. */
export const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

function scalarString(value: TemplateValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asNumber(value: TemplateValue | undefined): number | undefined {
  const s = scalarString(value);
  return s === undefined || s.trim() === '' || Number.isNaN(Number(s)) ? undefined : Number(s);
}

function checkParameters(section: TemplateValue | undefined): Map<string, ParameterDeclaration> {
  const out = new Map<string, ParameterDeclaration>();
  if (section === undefined) return out;
  if (!isTemplateObject(section)) throw templateFormatError('Parameters must be an object');
  for (const [name, decl] of Object.entries(section)) {
    if (!isTemplateObject(decl)) throw templateFormatError(`Invalid template parameter property '${name}'`);
    for (const key of Object.keys(decl)) {
      if (!PARAMETER_KEYS.has(key)) throw templateFormatError(`Invalid template parameter property '${key}'`);
    }
    const type = scalarString(decl.Type);
    if (!type) throw templateFormatError('Every Parameters object must contain a Type member.');
    if (!PLAIN_PARAMETER_TYPES.has(type) && !AWS_PARAMETER_TYPE.test(type) && !type.startsWith('AWS::SSM::Parameter::')) {
      throw templateFormatError(`Unrecognized parameter type: ${type}`);
    }
    const allowed = decl.AllowedValues;
    if (allowed !== undefined && !Array.isArray(allowed)) throw templateFormatError(`Every AllowedValues object of parameter ${name} must be a list`);
    out.set(name, {
      type,
      default: Array.isArray(decl.Default) ? decl.Default.map(String).join(',') : scalarString(decl.Default),
      noEcho: String(decl.NoEcho).toLowerCase() === 'true',
      allowedValues: allowed?.map((v) => String(v)),
      allowedPattern: scalarString(decl.AllowedPattern),
      minLength: asNumber(decl.MinLength),
      maxLength: asNumber(decl.MaxLength),
      minValue: asNumber(decl.MinValue),
      maxValue: asNumber(decl.MaxValue),
      description: scalarString(decl.Description),
      constraintDescription: scalarString(decl.ConstraintDescription),
    });
  }
  return out;
}

function checkResources(section: TemplateValue | undefined): Map<string, ResourceDeclaration> {
  if (!isTemplateObject(section) || Object.keys(section).length === 0) throw templateFormatError('At least one Resources member must be defined.');
  const out = new Map<string, ResourceDeclaration>();
  const unknownTypes: string[] = [];
  for (const [logicalId, decl] of Object.entries(section)) {
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) throw templateFormatError(`Resource name ${logicalId} is non alphanumeric.`);
    if (!isTemplateObject(decl) || typeof decl.Type !== 'string') {
      throw templateFormatError(`[/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    }
    for (const key of Object.keys(decl)) {
      if (!RESOURCE_KEYS.has(key)) throw templateFormatError(`Invalid template resource property '${key}'`);
    }
    if (!hasSchema(decl.Type) && !unknownTypes.includes(decl.Type)) unknownTypes.push(decl.Type);
    const properties = decl.Properties ?? {};
    if (!isTemplateObject(properties)) throw templateFormatError(`[/Resources/${logicalId}/Properties] Every Properties object must be an object.`);
    const dependsOn = decl.DependsOn === undefined ? [] : Array.isArray(decl.DependsOn) ? decl.DependsOn : [decl.DependsOn];
    if (!dependsOn.every((d) => typeof d === 'string')) throw templateFormatError(`[/Resources/${logicalId}/DependsOn] DependsOn must be a string or a list of strings.`);
    const policy = scalarString(decl.DeletionPolicy) ?? 'Delete';
    if (!DELETION_POLICIES.has(policy)) throw templateFormatError(`Unrecognized DeletionPolicy ${policy} for resource ${logicalId}`);
    if (decl.Condition !== undefined && typeof decl.Condition !== 'string') throw templateFormatError(`Condition of resource ${logicalId} must be a string`);
    if (decl.Metadata !== undefined && !isTemplateObject(decl.Metadata)) throw templateFormatError(`Metadata of resource ${logicalId} must be an object`);
    out.set(logicalId, {
      logicalId,
      type: decl.Type,
      properties,
      dependsOn: dependsOn as string[],
      condition: decl.Condition,
      deletionPolicy: policy as ResourceDeclaration['deletionPolicy'],
      metadata: decl.Metadata,
    });
  }
  if (unknownTypes.length) throw templateFormatError(`Unrecognized resource types: [${unknownTypes.join(', ')}]`);
  return out;
}

function checkOutputs(section: TemplateValue | undefined): Map<string, OutputDeclaration> {
  const out = new Map<string, OutputDeclaration>();
  if (section === undefined) return out;
  if (!isTemplateObject(section)) throw templateFormatError('Outputs must be an object');
  for (const [key, decl] of Object.entries(section)) {
    if (!isTemplateObject(decl) || decl.Value === undefined) throw templateFormatError(`Every Outputs member must contain a Value object, the Outputs member ${key} does not.`);
    const exportName = isTemplateObject(decl.Export) ? decl.Export.Name : undefined;
    out.set(key, { key, value: decl.Value, description: scalarString(decl.Description), condition: typeof decl.Condition === 'string' ? decl.Condition : undefined, exportName });
  }
  return out;
}

/** Every Ref/GetAtt/Sub/DependsOn target must be declared; GetAtt attributes must exist. */
function checkReferences(template: Omit<CheckedTemplate, 'body'>): void {
  const known = (name: string) => template.parameters.has(name) || template.resources.has(name) || PSEUDO_PARAMETERS.has(name);
  const badAttributes: string[] = [];
  const inspect = (value: TemplateValue, block: 'Resources' | 'Outputs', extra: string[] = []) => {
    const refs = collectReferences(value);
    const unresolved = [...refs.refs].filter((name) => !known(name));
    unresolved.push(...[...refs.getAtts.keys()].filter((name) => !template.resources.has(name)));
    unresolved.push(...extra);
    if (unresolved.length) throw templateFormatError(`Unresolved resource dependencies [${[...new Set(unresolved)].join(', ')}] in the ${block} block of the template`);
    for (const [name, attributes] of refs.getAtts) {
      const type = template.resources.get(name)?.type as string;
      for (const attribute of attributes) if (!getAttAllowed(type, attribute)) badAttributes.push(`resource ${name} does not support attribute type ${attribute} in Fn::GetAtt`);
    }
  };
  for (const resource of template.resources.values()) {
    inspect(resource.properties, 'Resources', resource.dependsOn.filter((d) => !template.resources.has(d)));
    if (resource.condition !== undefined && !(resource.condition in template.conditions)) {
      throw templateFormatError(`Unresolved condition dependencies [${resource.condition}] in the Resources block of the template`);
    }
  }
  for (const output of template.outputs.values()) {
    inspect(output.value, 'Outputs');
    if (output.exportName !== undefined) inspect(output.exportName, 'Outputs');
  }
  if (badAttributes[0]) throw templateError(badAttributes[0]);
  const cycle = findCycle(template.resources);
  if (cycle) throw new AwsError('ValidationError', `Circular dependency between resources: [${cycle.join(', ')}]`);
}

/** Parses and checks a template body; throws the first problem CloudFormation would report. */
export function checkTemplate(body: string): CheckedTemplate {
  const parsed = parseTemplateBody(body);
  if (!isTemplateObject(parsed)) throw templateFormatError('At least one Resources member must be defined.');
  const unknownSections = Object.keys(parsed).filter((k) => !SECTIONS.has(k));
  if (unknownSections.length) throw templateFormatError(`Invalid template property or properties [${unknownSections.join(', ')}]`);
  const version = parsed.AWSTemplateFormatVersion;
  if (version !== undefined && String(version) !== '2010-09-09') throw templateFormatError(`'${String(version)}' is not a supported AWSTemplateFormatVersion value.`);
  if (parsed.Description !== undefined && typeof parsed.Description !== 'string') throw templateFormatError('Every Description member must be a string.');
  const transforms = parsed.Transform === undefined ? [] : (Array.isArray(parsed.Transform) ? parsed.Transform : [parsed.Transform]).map(String);
  if (transforms.length) throw templateFormatError(`Transforms are not available in the sandbox: [${transforms.join(', ')}]`);
  const conditions = parsed.Conditions ?? {};
  const mappings = parsed.Mappings ?? {};
  if (!isTemplateObject(conditions)) throw templateFormatError('Every Conditions member must be an object.');
  if (!isTemplateObject(mappings)) throw templateFormatError('Every Mappings member must be an object.');
  const template = {
    description: parsed.Description as string | undefined,
    parameters: checkParameters(parsed.Parameters),
    mappings: mappings as TemplateObject,
    conditions: conditions as TemplateObject,
    resources: checkResources(parsed.Resources),
    outputs: checkOutputs(parsed.Outputs),
    transforms,
  };
  checkReferences(template);
  return { body, ...template };
}
