/* eslint-disable @typescript-eslint/no-explicit-any -- these tests bend specs into invalid shapes on purpose */
import { describe, expect, it } from 'vitest';
import { missingSecrets, toQuartzCron, validateSpec, validateStep, type PipelineSpec } from '@/lib/pipeline/spec';
import { sandboxSpec } from './spec-fixtures';

function errorsOf(mutate: (spec: Record<string, any>) => void): Record<string, string> {
  const spec = sandboxSpec() as unknown as Record<string, any>;
  mutate(spec);
  const result = validateSpec(spec);
  if (result.ok) throw new Error('expected the spec to be refused');
  return result.errors;
}

describe('validateSpec', () => {
  it('accepts the sandbox preset and returns it unchanged', () => {
    const result = validateSpec(sandboxSpec());
    expect(result.ok && result.spec).toEqual(sandboxSpec());
  });

  it('puts each finding at its field path', () => {
    expect(errorsOf((s) => (s.slug = 'Rain Shield!'))).toEqual({ slug: expect.stringContaining('Lower-case') });
    expect(errorsOf((s) => delete s.name)).toEqual({ name: 'Required' });
    expect(errorsOf((s) => (s.target = { kind: 'aws', accountId: '123', region: 'mars-1', accessKeyId: 'secret', credentials: { secret: 'aws' } }))).toEqual({
      'target.accountId': 'An AWS account ID is 12 digits',
      'target.accessKeyId': 'An access key ID is 20 characters starting with AKIA',
      'target.region': 'Must be an AWS region code, e.g. us-east-1',
    });
    expect(errorsOf((s) => (s.target = { kind: 'azure' }))).toEqual({ 'target.kind': 'Choose one of: sandbox, aws' });
    expect(errorsOf((s) => (s.warehouse.config.port = 'five'))).toEqual({ 'warehouse.config.port': 'Must be a whole number between 0 and 65536' });
    expect(errorsOf((s) => delete s.warehouse.config.host)).toEqual({ 'warehouse.config.host': 'Required' });
  });

  it('checks sources: connector type, configuration, streams and schedules', () => {
    expect(errorsOf((s) => (s.sources[1].type = 'oracle'))).toEqual({ 'sources[1].type': 'Not a source connector Tapestry offers: oracle' });
    expect(errorsOf((s) => (s.sources[2].config.start_date = 'yesterday'))).toEqual({ 'sources[2].config.start_date': expect.stringMatching(/^Must look like/) });
    expect(errorsOf((s) => delete s.sources[3].config.credentials.email)).toEqual({ 'sources[3].config.credentials.email': 'Required' });
    expect(errorsOf((s) => (s.sources[0].streams[1].syncMode = 'incremental_update'))).toEqual({ 'sources[0].streams[1].syncMode': expect.stringContaining('Choose one of: full_refresh_overwrite') });
    expect(errorsOf((s) => s.sources[0].streams.push({ name: 'users', syncMode: 'full_refresh_append' }))).toEqual({ 'sources[0].streams[2].name': 'Stream "users" is listed twice' });
    expect(errorsOf((s) => (s.sources[1].name = 'zoom'))).toEqual({ 'sources[1].name': 'Another source is already named "zoom"' });
    expect(errorsOf((s) => (s.sources[0].schedule = { kind: 'cron', expression: '0 * * *', timezone: 'Mars/Olympus' }))).toEqual({
      'sources[0].schedule.expression': expect.stringContaining('has 5 fields'),
      'sources[0].schedule.timezone': 'Must be an IANA time zone, e.g. UTC or Europe/Paris',
    });
    expect(errorsOf((s) => (s.sources[0].schedule.expression = '61 * * * *'))).toEqual({ 'sources[0].schedule.expression': 'Invalid minute in the cron expression: 61' });
    expect(errorsOf((s) => (s.sources = []))).toEqual({ sources: 'Add at least one source' });
  });

  it('checks the transformation and destinations with their required mappings', () => {
    expect(errorsOf((s) => (s.transformation = { kind: 'dbt_cloud', accountId: 'abc', jobName: 'nightly', apiToken: { secret: 'dbt' } }))).toEqual({
      'transformation.accountId': 'A dbt Cloud account ID is a number',
    });
    expect(errorsOf((s) => (s.transformation = { kind: 'dbt_core_ecs', models: { repository: 'ftp://x', branch: 'main', path: '.' } }))).toEqual({
      'transformation.models.repository': 'A git URL (https://… or git@…)',
    });
    expect(errorsOf((s) => delete s.destinations[0].mapping.email_address)).toEqual({
      'destinations[0].mapping.email_address': 'Map a unified users column to email_address: the destination requires it',
    });
    // Salesforce's key field is named by its primaryKey setting.
    expect(errorsOf((s) => (s.destinations[1].config.destination.primaryKey = 'Id'))).toEqual({
      'destinations[1].mapping.Id': 'Map a unified users column to Id: the destination requires it',
    });
    expect(errorsOf((s) => (s.destinations[0].mapping.FNAME = 'nickname'))).toEqual({ 'destinations[0].mapping.FNAME': expect.stringContaining('Choose one of: email') });
    expect(errorsOf((s) => delete s.destinations[0].config.destination.listId)).toEqual({ 'destinations[0].config.destination.listId': 'Required' });
  });

  it('reports unknown fields at the field itself', () => {
    expect(errorsOf((s) => (s.sources[0].shedule = { kind: 'manual' }))).toEqual({ 'sources[0].shedule': 'Unknown field "shedule"' });
    expect(errorsOf((s) => (s.colour = 'blue'))).toEqual({ colour: 'Unknown field "colour"' });
  });

  it('refuses secret values wherever the connector marks a secret, and accepts references or absence', () => {
    const message = expect.stringContaining('write { secret: <credential name> }');
    expect(errorsOf((s) => (s.sources[2].config.client_secret = 'sk_live_123'))).toEqual({ 'sources[2].config.client_secret': message });
    expect(errorsOf((s) => (s.sources[3].config.credentials.api_token = 'zd-token'))).toEqual({ 'sources[3].config.credentials.api_token': message });
    expect(errorsOf((s) => (s.warehouse.config.password = 'hunter2'))).toEqual({ 'warehouse.config.password': message });
    expect(errorsOf((s) => (s.destinations[0].config.app.apiKey = 'abc-us1'))).toEqual({ 'destinations[0].config.app.apiKey': message });
    expect(errorsOf((s) => (s.target = { kind: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', credentials: 'AKIA…' }))).toEqual({
      'target.credentials': 'Must be a group of settings',
    });
    const absent = sandboxSpec();
    delete (absent.sources[2] as { config: Record<string, unknown> }).config.client_secret;
    expect(validateSpec(absent).ok).toBe(true);
  });
});

describe('validateStep', () => {
  it('checks only the step asked for, so later steps may still be empty', () => {
    const { name, slug, target } = sandboxSpec();
    expect(validateStep({ step: 'target', name, slug, target }, 'name')).toEqual({});
    expect(validateStep({ step: 'target', name, slug, target }, 'target')).toEqual({});
    expect(validateStep({ step: 'target', name, slug, target }, 'warehouse')).toEqual({ warehouse: 'Required' });
    expect(validateStep({ step: 'name', name: '', slug: 'x' }, 'name')).toEqual({ name: 'Required' });
  });

  it("answers a step's connector findings by field path", () => {
    const spec = sandboxSpec() as PipelineSpec;
    const sources = structuredClone(spec.sources) as unknown as Record<string, any>[];
    (sources[1] as Record<string, any>).config.refresh_token = 'plain';
    delete (sources[0] as Record<string, any>).config.account_id;
    expect(validateStep({ step: 'sources', sources: sources as never }, 'sources')).toEqual({
      'sources[0].config.account_id': 'Required',
      'sources[1].config.refresh_token': expect.stringContaining('{ secret: <credential name> }'),
    });
  });

  it('review checks everything', () => {
    const { destinations: _d, ...rest } = sandboxSpec();
    expect(validateStep({ ...rest, step: 'review' }, 'review')).toEqual({ destinations: 'Required' });
    expect(validateStep({ ...sandboxSpec(), step: 'review' }, 'review')).toEqual({});
  });
});

describe('helpers', () => {
  it('missingSecrets lists references to credentials not yet stored', () => {
    const spec = sandboxSpec();
    expect(missingSecrets(spec).length).toBe(9);
    const stored = missingSecrets(spec).map((u) => u.secret).filter((n) => n !== 'rain-shield-stripe-secret-key');
    expect(missingSecrets(spec, stored)).toEqual([{ path: ['sources', 2, 'config', 'client_secret'], secret: 'rain-shield-stripe-secret-key' }]);
  });

  it('toQuartzCron converts to the Quartz form Airbyte takes', () => {
    expect(toQuartzCron('0 * * * *')).toBe('0 0 * * * ?');
    expect(toQuartzCron('30 6 * * 1-5')).toBe('0 30 6 ? * 2-6');
    expect(toQuartzCron('15 2 1 * *')).toBe('0 15 2 1 * ?');
  });
});
