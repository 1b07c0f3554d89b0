// The pipeline stack template against the resource provider schemas the project keeps
// (infra/cloudformation/schemas): every resource of every shape (new or existing network, dbt
// Core or dbt Cloud, Snowflake or PostgreSQL) has properties its type accepts, and the check
// itself catches a wrong property while letting intrinsic functions stand for any value.
import { describe, expect, it } from 'vitest';
import { buildStackTemplate, EXAMPLE_EXISTING_NETWORK, EXAMPLE_STACK_INPUT, templateSchemaProblems, type StackInput } from '@/infra/cloudformation/template';
import { DEFAULT_INFRASTRUCTURE } from '@/lib/pipeline/infrastructure';

const existingNetwork = EXAMPLE_EXISTING_NETWORK;
const input = (overrides: Partial<StackInput> = {}): StackInput => ({ ...EXAMPLE_STACK_INPUT, ...overrides });

const SHAPES: [string, StackInput, boolean][] = [
  ['new VPC, dbt Core, Snowflake, password parameter', input(), true],
  ['new VPC, dbt Core, no password parameter', input(), false],
  ['existing VPC, dbt Cloud, PostgreSQL', input({ infrastructure: { ...DEFAULT_INFRASTRUCTURE, network: existingNetwork }, transformation: 'dbt_cloud', warehouseType: 'postgres' }), false],
  ['existing VPC, dbt Core, PostgreSQL', input({ infrastructure: { ...DEFAULT_INFRASTRUCTURE, network: existingNetwork }, warehouseType: 'postgres' }), true],
];

describe('pipeline stack template against the provider schemas', () => {
  it.each(SHAPES)('%s: every resource is valid for its type', (_name, stackInput, warehousePasswordParameter) => {
    const built = buildStackTemplate(stackInput, { warehousePasswordParameter });
    const resources = built.template.Resources as Record<string, unknown>;
    expect(Object.keys(resources).length).toBeGreaterThan(30);
    expect(templateSchemaProblems(built.template)).toEqual([]);
  });

  it('reports a misspelt property, a wrong enum value and a wrong type', () => {
    const template = structuredClone(buildStackTemplate(input(), { warehousePasswordParameter: true }).template) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    template.Resources.AirbyteInstance!.Properties.Monitorin = true;
    template.Resources.StagingBucket!.Properties.VersioningConfiguration = { Status: 'On' };
    template.Resources.GrouparooDatabase!.Properties.BackupRetentionPeriod = { days: 7 };
    const problems = templateSchemaProblems(template);
    expect(problems.map((p) => p.logicalId).sort()).toEqual(['AirbyteInstance', 'GrouparooDatabase', 'StagingBucket']);
    expect(problems.find((p) => p.logicalId === 'AirbyteInstance')?.problems).toEqual(['# must NOT have additional properties (Monitorin)']);
    expect(problems.find((p) => p.logicalId === 'StagingBucket')?.problems.join()).toMatch(/VersioningConfiguration\/Status must be equal to one of the allowed values/);
    expect(problems.find((p) => p.logicalId === 'GrouparooDatabase')?.problems.join()).toMatch(/BackupRetentionPeriod must be integer/);
  });

  it('lets an intrinsic function stand for any value, but not a misplaced property inside one', () => {
    const template = {
      Resources: {
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: { 'Fn::Sub': '${AWS::StackName}' }, SecurityGroupIngress: { Ref: 'Rules' } } },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: { Ref: 'Periods' }, Threshold: '80' } },
        Broken: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', Ingress: { Ref: 'Rules' } } },
        Unknown: { Type: 'AWS::Made::Up', Properties: {} },
      },
    };
    expect(templateSchemaProblems(template)).toEqual([
      { logicalId: 'Broken', type: 'AWS::EC2::SecurityGroup', problems: ['# must NOT have additional properties (Ingress)'] },
      { logicalId: 'Unknown', type: 'AWS::Made::Up', problems: ['no provider schema for AWS::Made::Up'] },
    ]);
  });
});
