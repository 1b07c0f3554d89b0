// Pure pieces of the CloudFormation stand-in's engine: property validation worded as the service
// words it (with the schemas' Java patterns), replacement rules from the schemas, the schema
// generator's prose stripping, the dependency runner and simulated time.
import { describe, expect, it } from 'vitest';
import { javaRegExp } from '@/infra/local/aws/cloudformation/java-regex';
import { propertiesValidationMessage, propertyProblems } from '@/infra/local/aws/cloudformation/property-validation';
import { runInOrder } from '@/infra/local/aws/cloudformation/run-in-order';
import { requiresRecreation } from '@/infra/local/aws/cloudformation/schemas';
import { Closed, Timeline } from '@/infra/local/aws/cloudformation/timeline';
import { stripProse } from '@/scripts/contracts/cloudformation-schemas';

describe('property validation', () => {
  it('accepts what CloudFormation coerces (parameters are strings)', () => {
    expect(propertyProblems('AWS::EC2::Instance', { ImageId: 'ami-1', Monitoring: 'true', InstanceType: 't3.large' })).toEqual([]);
    expect(propertyProblems('AWS::RDS::DBInstance', { DBInstanceClass: 'db.t3.micro', Port: 5432, MultiAZ: 'false' })).toEqual([]);
  });

  it('words each problem as the service does', () => {
    expect(propertyProblems('AWS::EC2::Instance', { ImageId: 'ami-1', Monitoring: 'yes', Colour: 'red', Tags: [{ Key: 'a' }] }).sort()).toEqual([
      '#/Monitoring: expected type: Boolean, found: String',
      '#/Tags/0: required key [Value] not found',
      '#: extraneous key [Colour] is not permitted',
    ]);
    expect(propertyProblems('AWS::Logs::LogGroup', { LogGroupName: 'has spaces', RetentionInDays: 8 })).toEqual([
      '#/LogGroupName: failed validation constraint for keyword [pattern]',
      '#/RetentionInDays: failed validation constraint for keyword [enum]',
    ]);
    expect(propertyProblems('AWS::SNS::Topic', { TopicName: 'x'.repeat(300) })).toEqual(['#/TopicName: expected maxLength: 256, actual: 300']);
    expect(propertiesValidationMessage('Bucket', ['#: extraneous key [Foo] is not permitted'])).toBe(
      'Properties validation failed for resource Bucket with message: [#: extraneous key [Foo] is not permitted]',
    );
  });

  it('leaves the caller’s properties as they were (coercion works on a copy)', () => {
    const properties = { ImageId: 'ami-1', Monitoring: 'true' };
    propertyProblems('AWS::EC2::Instance', properties);
    expect(properties.Monitoring).toBe('true');
  });

  it('runs the schemas’ Java patterns as JavaScript', () => {
    expect(javaRegExp('^[.\\-_/#A-Za-z0-9]{1,512}\\Z').test('/tapestry/logs')).toBe(true);
    expect(javaRegExp('^[.\\-_/#A-Za-z0-9]{1,512}\\Z').test('bad name')).toBe(false);
    expect(javaRegExp('^(?i)((?!aws|ssm)[\\w.-]+)$').test('AWS-param')).toBe(false);
    expect(javaRegExp('^(?i)((?!aws|ssm)[\\w.-]+)$').test('Tapestry.param')).toBe(true);
    expect(javaRegExp('^\\p{Print}+$').test('plain text')).toBe(true);
    expect(javaRegExp('^\\p{Print}+$').test('tab\there')).toBe(false);
    expect(javaRegExp('^([a-z])([A-Za-z0-9\\_]*)$').test('m1_cpu')).toBe(true);
  });
});

describe('replacement rules from the schemas', () => {
  it.each([
    ['AWS::EC2::Instance', 'ImageId', 'Always'],
    ['AWS::EC2::Instance', 'InstanceType', 'Conditionally'],
    ['AWS::EC2::Instance', 'Monitoring', 'Never'],
    ['AWS::S3::Bucket', 'BucketName', 'Always'],
    ['AWS::RDS::DBInstance', 'Engine', 'Conditionally'],
    ['AWS::RDS::DBInstance', 'DBInstanceClass', 'Never'],
  ])('%s %s → %s', (type, property, expected) => {
    expect(requiresRecreation(type, property)).toBe(expected);
  });
});

describe('schema generator', () => {
  it('drops prose keywords but keeps properties that happen to be called Description', () => {
    const stripped = stripProse({
      typeName: 'AWS::X::Y',
      description: 'prose',
      documentationUrl: 'https://docs',
      properties: {
        Description: { type: 'string', description: 'prose', maxLength: 5 },
        Items: { type: 'array', items: { $ref: '#/definitions/Item', description: 'prose' }, examples: ['a'] },
      },
      definitions: { Item: { oneOf: [{ required: ['A'], description: 'x' }], $comment: 'note' } },
      required: ['Description'],
    });
    expect(stripped).toEqual({
      typeName: 'AWS::X::Y',
      properties: { Description: { type: 'string', maxLength: 5 }, Items: { type: 'array', items: { $ref: '#/definitions/Item' } } },
      definitions: { Item: { oneOf: [{ required: ['A'] }] } },
      required: ['Description'],
    });
  });
});

describe('dependency runner', () => {
  it('starts independent work together, waits for prerequisites, and never starts dependents of a failure', async () => {
    const started: string[] = [];
    const deps = new Map([
      ['vpc', new Set<string>()],
      ['bucket', new Set<string>()],
      ['subnet', new Set(['vpc'])],
      ['instance', new Set(['subnet'])],
    ]);
    const outcome = await runInOrder([...deps.keys()], deps, async (id) => {
      started.push(id);
      await new Promise((r) => setTimeout(r, 5));
      return id !== 'subnet';
    });
    expect(started.slice(0, 2)).toEqual(['vpc', 'bucket']);
    expect(Object.fromEntries(outcome)).toEqual({ vpc: 'done', bucket: 'done', subnet: 'failed', instance: 'not-started' });
  });

  it('stops starting new work once keepGoing turns false', async () => {
    const deps = new Map([
      ['a', new Set<string>()],
      ['b', new Set(['a'])],
    ]);
    const outcome = await runInOrder([...deps.keys()], deps, async () => true, () => false);
    expect(Object.fromEntries(outcome)).toEqual({ a: 'not-started', b: 'not-started' });
  });
});

describe('simulated time', () => {
  it('scales waits, holds a stalled stack until released, and ends everything on close', async () => {
    const timeline = new Timeline(0.001);
    const started = Date.now();
    await timeline.wait(20);
    expect(Date.now() - started).toBeLessThan(1000);

    timeline.stall('pipe');
    let passed = false;
    const gate = timeline.gate('pipe').then(() => (passed = true));
    await timeline.gate('other');
    await new Promise((r) => setTimeout(r, 20));
    expect(passed).toBe(false);
    timeline.release('pipe');
    await gate;
    expect(passed).toBe(true);

    timeline.stall('*');
    const held = timeline.gate('pipe');
    const long = timeline.wait(3600);
    expect(timeline.pending()).toBe(2);
    timeline.close();
    await expect(held).rejects.toBeInstanceOf(Closed);
    await expect(long).rejects.toBeInstanceOf(Closed);
    expect(timeline.pending()).toBe(0);
    await expect(timeline.wait(1)).rejects.toBeInstanceOf(Closed);
  });
});
