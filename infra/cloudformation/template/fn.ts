// Intrinsic functions and pseudo parameters, spelled once so the parts read like the template.
import type { TemplateValue } from './types';

export const ref = (name: string): TemplateValue => ({ Ref: name });
export const getAtt = (logicalId: string, attribute: string): TemplateValue => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const sub = (text: string): TemplateValue => ({ 'Fn::Sub': text });
/** `list` may be an array or a function returning one (a List<> parameter, Fn::GetAZs). */
export const join = (delimiter: string, list: TemplateValue): TemplateValue => ({ 'Fn::Join': [delimiter, list] });
export const select = (index: number, list: TemplateValue): TemplateValue => ({ 'Fn::Select': [index, list] });
export const base64 = (value: TemplateValue): TemplateValue => ({ 'Fn::Base64': value });
/** The region's availability zones, in CloudFormation's order. */
export const availabilityZones = (): TemplateValue => ({ 'Fn::GetAZs': '' });
/** `count` blocks of `hostBits` host bits each, carved in order from `block`. */
export const cidr = (block: TemplateValue, count: number, hostBits: number): TemplateValue => ({ 'Fn::Cidr': [block, count, hostBits] });

export const STACK_NAME = ref('AWS::StackName');
export const REGION = ref('AWS::Region');

/** An AWS managed policy, in the stack's partition. */
export const awsManagedPolicy = (name: string): TemplateValue => sub(`arn:\${AWS::Partition}:iam::aws:policy/${name}`);

/** Every object inside `paths` of an ARN, e.g. `${Bucket.Arn}/airbyte/*`. */
export const arnWithin = (arn: TemplateValue, path: string): TemplateValue => join('', [arn, path]);
