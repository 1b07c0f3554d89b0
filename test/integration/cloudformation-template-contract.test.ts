// Contract: the pipeline stack against the official CloudFormation resource provider schemas
// (../shared/specs/cloudformation, cfn-lint's copies), not only the project's own kept copies:
// the template of every shape, and the properties as the stand-in resolved them when it created
// the stack (concrete values, no intrinsic functions left to excuse). Runs whenever
// ../shared/specs exists (CI always has it) and says so plainly when it does not.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStackTemplate, EXAMPLE_EXISTING_NETWORK, EXAMPLE_STACK_INPUT, templateSchemaProblems, type StackInput } from '@/infra/cloudformation/template';
import { startCloudFormation, waitForStatus, type CloudFormationHarness } from '../fixtures/cloudformation/stand-in';

const repoRoot = path.resolve(__dirname, '../..');
const specsDir = path.resolve(repoRoot, '../shared/specs/cloudformation');
const specsPresent = existsSync(specsDir);
if (!specsPresent) console.warn(`${specsDir} not found: the pipeline stack template was not checked against the official CloudFormation schemas`);

const official = new Map<string, Record<string, unknown> | undefined>();
function officialSchema(type: string): Record<string, unknown> | undefined {
  if (!official.has(type)) {
    const file = path.join(specsDir, `${type.toLowerCase().replace(/::/g, '-')}.json`);
    official.set(type, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined);
  }
  return official.get(type);
}

const SHAPES: [string, StackInput, boolean][] = [
  ['new VPC, dbt Core, Snowflake', EXAMPLE_STACK_INPUT, true],
  ['existing VPC, dbt Cloud, PostgreSQL', { ...EXAMPLE_STACK_INPUT, infrastructure: { ...EXAMPLE_STACK_INPUT.infrastructure, network: EXAMPLE_EXISTING_NETWORK }, transformation: 'dbt_cloud', warehouseType: 'postgres' }, false],
];

describe.skipIf(!specsPresent)('pipeline stack template against the official provider schemas (contract)', () => {
  let cfn: CloudFormationHarness;

  beforeAll(async () => {
    cfn = await startCloudFormation();
  });

  afterAll(async () => {
    await cfn.close();
  });

  it.each(SHAPES)('%s: the template’s resources are valid for the official schemas', (_name, input, warehousePasswordParameter) => {
    const built = buildStackTemplate(input, { warehousePasswordParameter });
    const types = new Set(built.summary.map((s) => s.type));
    for (const type of types) expect(officialSchema(type), type).toBeDefined();
    expect(templateSchemaProblems(built.template, officialSchema)).toEqual([]);
  });

  it('the properties the stand-in resolved when it created the stack are valid for the official schemas', async () => {
    const built = buildStackTemplate(EXAMPLE_STACK_INPUT, { warehousePasswordParameter: true });
    await cfn.client.send(
      new CreateStackCommand({
        StackName: built.stackName,
        TemplateBody: built.deployBody,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: built.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.noEcho ? 'contract-warehouse-password' : p.value })),
      }),
    );
    await waitForStatus(cfn.client, built.stackName, ['CREATE_COMPLETE'], 60_000);
    const live = [...(cfn.service.engine.store.live(built.stackName)?.resources.values() ?? [])];
    expect(live).toHaveLength(built.summary.length);
    const resolved = { Resources: Object.fromEntries(live.map((r) => [r.logicalId, { Type: r.type, Properties: r.properties }])) };
    expect(JSON.stringify(resolved)).not.toMatch(/"(Ref|Fn::\w+)":/);
    expect(templateSchemaProblems(resolved, officialSchema)).toEqual([]);
  });
});
