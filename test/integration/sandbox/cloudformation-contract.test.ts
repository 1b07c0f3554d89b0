// Contract: the provider schemas the project keeps (infra/cloudformation/schemas) are exactly what
// scripts/contracts/cloudformation-schemas.ts makes from the official files today, and the
// properties the stand-in accepted for the realistic stack are valid against the official
// schemas themselves. Runs whenever ../shared/specs exists (CI always has it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { javaRegExp } from '@/infra/local/aws/cloudformation/java-regex';
import { generateCloudFormationSchemas, SCHEMAS_OUTPUT_DIR } from '@/scripts/contracts/cloudformation-schemas';
import { fixture, startCloudFormation, waitForStatus, type CloudFormationHarness } from '../../fixtures/cloudformation/stand-in';

const repoRoot = path.resolve(__dirname, '../../..');
const specsDir = path.resolve(repoRoot, '../shared/specs/cloudformation');
const specsPresent = existsSync(specsDir);
if (!specsPresent) console.warn(`${specsDir} not found: contract comparison not run`);

describe.skipIf(!specsPresent)('CloudFormation provider schemas (contract)', () => {
  let cfn: CloudFormationHarness;

  beforeAll(async () => {
    cfn = await startCloudFormation();
  });

  afterAll(async () => {
    await cfn.close();
  });

  it('the committed schemas equal the generator’s output from the official files', () => {
    const generated = generateCloudFormationSchemas(specsDir);
    const outDir = path.join(repoRoot, SCHEMAS_OUTPUT_DIR);
    const committed = readdirSync(outDir).filter((f) => f.endsWith('.json') || f === 'index.ts');
    expect(committed.sort()).toEqual([...generated.keys()].sort());
    for (const [file, content] of generated) expect(readFileSync(path.join(outDir, file), 'utf8'), file).toBe(content);
    const official = readdirSync(specsDir).filter((f) => f.endsWith('.json'));
    expect(official.length).toBeGreaterThan(50);
    for (const file of official) {
      const kept = JSON.parse(readFileSync(path.join(outDir, file), 'utf8')) as Record<string, unknown>;
      const source = JSON.parse(readFileSync(path.join(specsDir, file), 'utf8')) as Record<string, unknown>;
      for (const key of ['typeName', 'required', 'createOnlyProperties', 'readOnlyProperties', 'primaryIdentifier', 'additionalProperties']) {
        expect(kept[key], `${file} ${key}`).toEqual(source[key]);
      }
      expect(JSON.stringify(kept)).not.toMatch(/"(description|documentationUrl|sourceUrl|examples)":/);
    }
  });

  it('what the stand-in accepted for the realistic stack is valid against the official schemas', async () => {
    await cfn.client.send(
      new CreateStackCommand({
        StackName: 'contract',
        TemplateBody: fixture('pipeline-stack.yaml'),
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [{ ParameterKey: 'DbPassword', ParameterValue: 'correct-horse-battery-staple' }],
      }),
    );
    await waitForStatus(cfn.client, 'contract', ['CREATE_COMPLETE']);
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: true, code: { regExp: Object.assign(javaRegExp, { code: 'javaRegExp' }) } });
    const resources = [...(cfn.service.engine.store.live('contract')?.resources.values() ?? [])];
    expect(resources.length).toBe(28);
    for (const resource of resources) {
      const file = `${resource.type.toLowerCase().replace(/::/g, '-')}.json`;
      const { $schema: _ignored, ...schema } = JSON.parse(readFileSync(path.join(specsDir, file), 'utf8')) as Record<string, unknown>;
      const validate = ajv.compile(schema);
      const valid = validate(structuredClone(resource.properties));
      expect(valid, `${resource.logicalId}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
