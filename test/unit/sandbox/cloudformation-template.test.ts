// Template handling of the CloudFormation stand-in, as pure functions: YAML short tags, the
// submission checks with CloudFormation's messages, intrinsic functions, conditions, parameters.
import { describe, expect, it } from 'vitest';
import { evaluateConditions } from '@/infra/local/aws/cloudformation/conditions';
import { findUnknown, resolveValue, Unknown, type ResolveScope } from '@/infra/local/aws/cloudformation/intrinsics';
import { resolveParameters } from '@/infra/local/aws/cloudformation/parameters';
import { checkTemplate } from '@/infra/local/aws/cloudformation/template-check';
import { parseTemplateBody } from '@/infra/local/aws/cloudformation/template-parse';
import type { ParameterDeclaration, TemplateValue } from '@/infra/local/aws/cloudformation/template-types';

function scope(overrides: Partial<ResolveScope> = {}): ResolveScope {
  return {
    parameters: new Map<string, string | string[]>([
      ['Env', 'prod'],
      ['Zones', ['us-east-1a', 'us-east-1b']],
    ]),
    pseudo: { 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012', 'AWS::StackName': 'pipe' },
    conditions: new Map([['IsProd', true]]),
    mappings: { Sizes: { prod: { Type: 'm6i.large' } } },
    region: 'us-east-1',
    resourceRef: (id) => (id === 'Vpc' ? 'vpc-0abc' : id === 'Db' ? 'db-instance-1' : id === 'Later' ? new Unknown(['Later']) : undefined),
    resourceAttribute: (id, attribute) => (id === 'Db' && attribute === 'Endpoint.Address' ? 'db.example' : id === 'Later' ? new Unknown([`Later.${attribute}`]) : undefined),
    importValue: (name) => (name === 'shared-vpc' ? 'vpc-0shared' : undefined),
    ...overrides,
  };
}

const resolve = (value: TemplateValue, s = scope()) => resolveValue(value, s);

describe('YAML with short intrinsic tags', () => {
  it('reads every tag form as the long form', () => {
    const parsed = parseTemplateBody(
      [
        'A: !Ref Vpc',
        'B: !GetAtt Db.Endpoint.Address',
        'C: !GetAtt [Db, Arn]',
        "D: !Join ['', [!Ref Env, '-', !Select [0, !GetAZs '']]]",
        'E: !Sub',
        "  - '${Name}-x'",
        '  - Name: !Ref Env',
        'F: !If [IsProd, !Ref AWS::NoValue, 3]',
        'G: !Base64 |',
        '  echo hi',
        'H: !Equals [!Ref Env, prod]',
        'I: !FindInMap [Sizes, !Ref Env, Type]',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      A: { Ref: 'Vpc' },
      B: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      C: { 'Fn::GetAtt': ['Db', 'Arn'] },
      D: { 'Fn::Join': ['', [{ Ref: 'Env' }, '-', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] },
      E: { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'Env' } }] },
      F: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 3] },
      G: { 'Fn::Base64': 'echo hi\n' },
      H: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      I: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Type'] },
    });
  });

  it('refuses unknown tags and broken documents with the line and column', () => {
    expect(() => parseTemplateBody('Resources:\n  A: !Reff X\n')).toThrow('Template format error: YAML not well-formed. (line 2, column 6)');
    expect(() => parseTemplateBody('{"Resources": [}')).toThrow(/^Template format error: JSON not well-formed\. \(line 1, column \d+\)$/);
  });
});

describe('submission checks', () => {
  const body = (t: unknown) => JSON.stringify(t);

  it('accepts a sound template and keeps what later steps need', () => {
    const checked = checkTemplate(
      body({
        Parameters: { Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
        Resources: {
          Db: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Retain', Properties: { DBInstanceClass: 'db.t3.micro' } },
          Alarm: { Type: 'AWS::CloudWatch::Alarm', Condition: 'IsProd', DependsOn: 'Db', Properties: {} },
        },
        Outputs: { Host: { Value: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } } },
      }),
    );
    expect(checked.resources.get('Db')?.deletionPolicy).toBe('Retain');
    expect(checked.resources.get('Alarm')).toMatchObject({ condition: 'IsProd', dependsOn: ['Db'] });
    expect(checked.parameters.get('Env')).toMatchObject({ type: 'String', default: 'dev', allowedValues: ['dev', 'prod'] });
  });

  it.each([
    [{ Resources: {} }, 'Template format error: At least one Resources member must be defined.'],
    [{ Resources: { A: { Type: 'AWS::SNS::Topic', Propertes: {} } } }, "Template format error: Invalid template resource property 'Propertes'"],
    [{ Resources: { A: { Type: 'AWS::SNS::Topic' } }, Outputs: { X: { Value: { Ref: 'B' } } } }, 'Template format error: Unresolved resource dependencies [B] in the Outputs block of the template'],
    [{ Resources: { A: { Type: 'AWS::SNS::Topic', DependsOn: 'Nope' } } }, 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template'],
    [{ Resources: { A: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${Missing}-t' } } } } }, 'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template'],
    [{ Parameters: { P: { Type: 'Strin' } }, Resources: { A: { Type: 'AWS::SNS::Topic' } } }, 'Template format error: Unrecognized parameter type: Strin'],
    [{ Parameters: { P: { Type: 'String', Defualt: 'x' } }, Resources: { A: { Type: 'AWS::SNS::Topic' } } }, "Template format error: Invalid template parameter property 'Defualt'"],
    [{ Resources: { A: { Type: 'AWS::SNS::Topic', Condition: 'Nope' } } }, 'Template format error: Unresolved condition dependencies [Nope] in the Resources block of the template'],
    [{ AWSTemplateFormatVersion: '2011-01-01', Resources: { A: { Type: 'AWS::SNS::Topic' } } }, "Template format error: '2011-01-01' is not a supported AWSTemplateFormatVersion value."],
  ])('refuses %j', (template, message) => {
    expect(() => checkTemplate(body(template))).toThrow(message);
  });
});

describe('intrinsic functions', () => {
  it('resolves Sub with placeholders, escapes, attributes and variables', () => {
    expect(resolve({ 'Fn::Sub': 'arn:aws:s3:::${Env}-${AWS::Region}/${!Literal}' })).toBe('arn:aws:s3:::prod-us-east-1/${Literal}');
    expect(resolve({ 'Fn::Sub': ['${Host}:${Port}', { Port: '5432', Host: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } }] })).toBe('db.example:5432');
    expect(resolve({ 'Fn::Sub': '${Db.Endpoint.Address}/${Vpc}' })).toBe('db.example/vpc-0abc');
  });

  it('resolves Join, Select, Split, FindInMap, GetAZs, Base64, Cidr, If, ImportValue and drops AWS::NoValue', () => {
    expect(resolve({ 'Fn::Join': [',', { Ref: 'Zones' }] })).toBe('us-east-1a,us-east-1b');
    expect(resolve({ 'Fn::Select': ['1', { 'Fn::Split': ['|', 'a|b|c'] }] })).toBe('b');
    expect(resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Type'] })).toBe('m6i.large');
    expect(resolve({ 'Fn::GetAZs': '' })).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f']);
    expect(resolve({ 'Fn::Base64': 'hi' })).toBe('aGk=');
    expect(resolve({ 'Fn::Cidr': ['10.20.0.0/16', 3, 8] })).toEqual(['10.20.0.0/24', '10.20.1.0/24', '10.20.2.0/24']);
    expect(resolve({ 'Fn::ImportValue': 'shared-vpc' })).toBe('vpc-0shared');
    expect(resolve({ A: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 1] }, B: [{ Ref: 'AWS::NoValue' }, 2] })).toEqual({ B: [2] });
  });

  it('reports CloudFormation’s template errors', () => {
    expect(() => resolve({ 'Fn::Select': [5, ['a']] })).toThrow('Template error: Fn::Select cannot select nonexistent value at index 5');
    expect(() => resolve({ 'Fn::FindInMap': ['Sizes', 'dev', 'Type'] })).toThrow('Template error: Unable to get mapping for Sizes::dev::Type');
    expect(() => resolve({ 'Fn::If': ['Nope', 1, 2] })).toThrow('Template error: unresolved condition dependency Nope in Fn::If');
    expect(() => resolve({ 'Fn::ImportValue': 'missing' })).toThrow('Template error: No export named missing found.');
    expect(() => resolve({ Ref: 'Ghost' })).toThrow('Template format error: Unresolved resource dependencies [Ghost] in the Resources block of the template');
  });

  it('spreads unknown values (resources not created yet) through every function', () => {
    const value = resolve({ 'Fn::Join': ['-', [{ Ref: 'Later' }, { 'Fn::Sub': '${Later.Arn}' }]] });
    expect(value).toBeInstanceOf(Unknown);
    expect(findUnknown({ a: [value] })?.causes.sort()).toEqual(['Later', 'Later.Arn']);
  });

  it('evaluates conditions with Equals, And, Or, Not and references to other conditions', () => {
    const results = evaluateConditions(
      {
        IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
        IsEast: { 'Fn::Equals': ['us-east-1', { Ref: 'AWS::Region' }] },
        Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsEast' }] },
        Either: { 'Fn::Or': [{ 'Fn::Not': [{ Condition: 'IsProd' }] }, { 'Fn::Equals': ['1', 1] }] },
      },
      scope(),
    );
    expect(Object.fromEntries(results)).toEqual({ IsProd: true, IsEast: true, Both: true, Either: true });
    expect(() => evaluateConditions({ A: { Condition: 'B' }, B: { Condition: 'A' } }, scope())).toThrow(/Circular condition dependency/);
  });
});

describe('parameters', () => {
  const decls = new Map<string, ParameterDeclaration>([
    ['Env', { type: 'String', default: 'dev', noEcho: false, allowedValues: ['dev', 'prod'] }],
    ['Port', { type: 'Number', noEcho: false, minValue: 1024, maxValue: 65535 }],
    ['Secret', { type: 'String', noEcho: true, allowedPattern: '[a-z-]+', constraintDescription: 'lower-case letters and dashes' }],
    ['Subnets', { type: 'List<AWS::EC2::Subnet::Id>', default: 'subnet-1,subnet-2', noEcho: false }],
  ]);

  it('takes given values, defaults and previous values', () => {
    const previous = resolveParameters(decls, [
      { ParameterKey: 'Port', ParameterValue: '5432' },
      { ParameterKey: 'Secret', ParameterValue: 'abc-def' },
    ]);
    expect(previous.map((p) => [p.key, p.value])).toEqual([
      ['Env', 'dev'],
      ['Port', '5432'],
      ['Secret', 'abc-def'],
      ['Subnets', 'subnet-1,subnet-2'],
    ]);
    const next = resolveParameters(decls, [{ ParameterKey: 'Port', UsePreviousValue: true }, { ParameterKey: 'Secret', UsePreviousValue: 'true' }, { ParameterKey: 'Env', ParameterValue: 'prod' }], previous);
    expect(next.find((p) => p.key === 'Port')?.value).toBe('5432');
    expect(next.find((p) => p.key === 'Env')?.value).toBe('prod');
  });

  it.each([
    [[{ ParameterKey: 'Secret', ParameterValue: 'ok' }], 'Parameters: [Port] must have values'],
    [[{ ParameterKey: 'Port', ParameterValue: 'http' }, { ParameterKey: 'Secret', ParameterValue: 'ok' }], "Parameter 'Port' must be a number."],
    [[{ ParameterKey: 'Port', ParameterValue: '80' }, { ParameterKey: 'Secret', ParameterValue: 'ok' }], "Parameter 'Port' must be a number not less than 1024"],
    [[{ ParameterKey: 'Port', ParameterValue: '5432' }, { ParameterKey: 'Secret', ParameterValue: 'NO' }], "Parameter 'Secret' failed to satisfy constraint: lower-case letters and dashes"],
    [[{ ParameterKey: 'Port', ParameterValue: '5432' }, { ParameterKey: 'Secret', ParameterValue: 'ok' }, { ParameterKey: 'Env', ParameterValue: 'qa' }], "Parameter 'Env' must be one of AllowedValues"],
    [[{ ParameterKey: 'Nope', ParameterValue: '1' }], 'Parameters: [Nope] do not exist in the template'],
  ])('refuses %j', (inputs, message) => {
    expect(() => resolveParameters(decls, inputs)).toThrow(message);
  });
});
