// Validation of connector configurations against the real generated Airbyte schemas: the messages
// a person sees per field, and what the stored configuration becomes.
import { describe, expect, it } from 'vitest';
import { validateConnectorConfig } from '@/lib/pipeline/catalog/validate-config';

const stripe = { account_id: 'acct_123', client_secret: 'sk_test_abc' };
const postgresWarehouse = { host: 'db.internal', port: 5432, username: 'loader', database: 'analytics', schema: 'public' };
const snowflake = {
  host: 'acme.snowflakecomputing.com',
  role: 'LOADER',
  warehouse: 'LOADING',
  database: 'RAW',
  schema: 'PUBLIC',
  username: 'AIRBYTE',
};

function errorsOf(result: ReturnType<typeof validateConnectorConfig>): Record<string, string> {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

describe('validation messages', () => {
  it('says "Required" for each missing required field, blank text counting as missing', () => {
    expect(errorsOf(validateConnectorConfig('source', 'stripe', { account_id: '  ' }))).toEqual({
      account_id: 'Required',
      client_secret: 'Required',
    });
    expect(errorsOf(validateConnectorConfig('source', 'hubspot', {}))).toEqual({ credentials: 'Required' });
  });

  it('names the expected type and range for wrong types and out-of-range numbers', () => {
    const errors = errorsOf(validateConnectorConfig('destination', 'postgres', { ...postgresWarehouse, port: 'abc', ssl: 'yes' }));
    expect(errors).toEqual({ port: 'Must be a whole number between 0 and 65536', ssl: 'Must be true or false' });
    expect(errorsOf(validateConnectorConfig('destination', 'postgres', { ...postgresWarehouse, port: 5432.5 }))).toEqual({
      port: 'Must be a whole number between 0 and 65536',
    });
    expect(errorsOf(validateConnectorConfig('source', 'stripe', { ...stripe, num_workers: 50, lookback_window_days: -1 }))).toEqual({
      num_workers: 'Must be a whole number between 1 and 20',
      lookback_window_days: 'Must be a whole number of at least 0',
    });
    expect(errorsOf(validateConnectorConfig('source', 'stripe', { ...stripe, account_id: 42 }))).toEqual({ account_id: 'Must be text' });
  });

  it('shows the expected shape, not the regex, for a bad pattern', () => {
    expect(errorsOf(validateConnectorConfig('source', 'stripe', { ...stripe, start_date: '2024-01-01' }))).toEqual({
      start_date: 'Must look like YYYY-MM-DDTHH:mm:ssZ',
    });
    expect(errorsOf(validateConnectorConfig('destination', 'snowflake', { ...snowflake, host: 'localhost' })).host).toBe(
      'Must look like ACCOUNT.snowflakecomputing.com or ACCOUNT.REGION.CLOUD.snowflakecomputing.com',
    );
  });

  it('follows the pattern where it is looser than the format (Salesforce accepts a bare date)', () => {
    const salesforce = { client_id: 'c', client_secret: 's', refresh_token: 'r' };
    expect(validateConnectorConfig('source', 'salesforce', { ...salesforce, start_date: '2024-01-01' }).ok).toBe(true);
    expect(errorsOf(validateConnectorConfig('source', 'salesforce', { ...salesforce, start_date: '01/02/2024' }))).toEqual({
      start_date: 'Must look like YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ',
    });
  });

  it('lists the allowed values for a bad enum and for an unknown choice option', () => {
    const errors = errorsOf(
      validateConnectorConfig('destination', 'snowflake', { ...snowflake, cdc_deletion_mode: 'Purge', credentials: { auth_type: 'OAuth' } }),
    );
    expect(errors).toEqual({
      cdc_deletion_mode: 'Choose one of: Hard delete, Soft delete',
      credentials: 'Choose one of: Key Pair Authentication, Username and Password',
    });
    expect(errorsOf(validateConnectorConfig('destination', 'postgres', { ...postgresWarehouse, ssl_mode: { mode: 'strict' } }))).toEqual({
      ssl_mode: 'Choose one of: disable, allow, prefer, require, verify-ca, verify-full',
    });
  });

  it('reports only the chosen option’s own problems, at their field paths', () => {
    const errors = errorsOf(validateConnectorConfig('destination', 'postgres', { ...postgresWarehouse, ssl_mode: { mode: 'verify-full', ca_certificate: 'CA' } }));
    expect(errors).toEqual({ 'ssl_mode.client_certificate': 'Required', 'ssl_mode.client_key': 'Required' });
    expect(
      errorsOf(
        validateConnectorConfig('source', 'postgres', {
          host: 'h',
          port: 5432,
          database: 'd',
          username: 'u',
          replication_method: { method: 'CDC', replication_slot: 'slot', publication: 'pub', initial_waiting_seconds: 30 },
        }),
      ),
    ).toEqual({ 'replication_method.initial_waiting_seconds': 'Must be a whole number between 120 and 2400' });
  });

  it('reports problems inside lists on the list field, naming the item', () => {
    const errors = errorsOf(
      validateConnectorConfig('source', 'salesforce', {
        client_id: 'c',
        client_secret: 's',
        refresh_token: 'r',
        streams_criteria: [{ criteria: 'contains', value: 'Account' }, { criteria: 'similar', value: 'Contact' }],
      }),
    );
    expect(errors).toEqual({ streams_criteria: 'Item 2, Criteria: Choose one of: starts with, ends with, contains, exacts, starts not with, ends not with, not contains, not exacts' });
    expect(errorsOf(validateConnectorConfig('source', 'postgres', { host: 'h', port: 1, database: 'd', username: 'u', schemas: ['public', 7] }))).toEqual({
      schemas: 'Item 2: Must be text',
    });
  });

  it('refuses a configuration that is not an object, and a connector type not offered', () => {
    expect(errorsOf(validateConnectorConfig('source', 'stripe', ['acct']))).toEqual({ _form: 'Must be a group of settings' });
    expect(errorsOf(validateConnectorConfig('source', 'mysql', {}))).toEqual({ sourceType: 'Not a source connector Tapestry offers: mysql' });
  });
});

describe('the configuration validation returns', () => {
  it('fills in the hidden consts and drops blank inputs', () => {
    const result = validateConnectorConfig('source', 'salesforce', { client_id: 'c', client_secret: 's', refresh_token: 'r', start_date: '' });
    expect(result).toEqual({
      ok: true,
      value: { client_id: 'c', client_secret: 's', refresh_token: 'r', auth_type: 'Client', sourceType: 'salesforce' },
    });
  });

  it('names the choice option when only one fits what was typed', () => {
    const zendesk = validateConnectorConfig('source', 'zendesk-support', { subdomain: 'acme', credentials: { email: 'a@acme.test', api_token: 't' } });
    expect(zendesk.ok && zendesk.value.credentials).toEqual({ email: 'a@acme.test', api_token: 't', credentials: 'api_token' });
    const warehouse = validateConnectorConfig('destination', 'snowflake', { ...snowflake, credentials: { password: 'p' } });
    expect(warehouse.ok && warehouse.value.credentials).toEqual({ password: 'p', auth_type: 'Username and Password' });
    // Four SSL modes need nothing more than their name: none is guessed.
    expect(errorsOf(validateConnectorConfig('destination', 'postgres', { ...postgresWarehouse, ssl_mode: {} })).ssl_mode).toMatch(/^Choose one of: disable/);
  });

  it('does not overwrite a const the caller set to something else', () => {
    expect(errorsOf(validateConnectorConfig('source', 'stripe', { ...stripe, sourceType: 'zoom' }))).toEqual({ sourceType: 'Must be stripe' });
  });
});

describe('stored secrets left blank', () => {
  it('count as present when listed in existingSecrets, and stay out of the returned value', () => {
    const result = validateConnectorConfig('source', 'stripe', { account_id: 'acct_1', client_secret: '' }, { existingSecrets: ['client_secret'] });
    expect(result).toEqual({ ok: true, value: { account_id: 'acct_1', sourceType: 'stripe' } });
  });

  it('are looked up by own settings only: a path through the prototype marks nothing', () => {
    const config = JSON.parse('{"account_id":"acct_1","__proto__":{"client_secret":"inherited"}}') as Record<string, unknown>;
    const result = validateConnectorConfig('source', 'stripe', config, { existingSecrets: ['__proto__.polluted', 'constructor'] });
    expect(result).toMatchObject({ ok: false, errors: { client_secret: 'Required' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('are still required when not stored', () => {
    expect(errorsOf(validateConnectorConfig('source', 'stripe', { account_id: 'acct_1', client_secret: '' }))).toEqual({ client_secret: 'Required' });
    expect(
      errorsOf(validateConnectorConfig('source', 'stripe', { account_id: 'acct_1', client_secret: '' }, { existingSecrets: ['refresh_token'] })),
    ).toEqual({ client_secret: 'Required' });
  });

  it('inside a choice, count only for the option they belong to', () => {
    const stored = { existingSecrets: ['credentials.password'] };
    const keep = validateConnectorConfig('destination', 'snowflake', { ...snowflake, credentials: { auth_type: 'Username and Password', password: '' } }, stored);
    expect(keep.ok && keep.value.credentials).toEqual({ auth_type: 'Username and Password' });
    // Switching to a key pair needs the key: the stored password does not stand in for it.
    const switched = validateConnectorConfig('destination', 'snowflake', { ...snowflake, credentials: { auth_type: 'Key Pair Authentication' } }, stored);
    expect(errorsOf(switched)).toEqual({ 'credentials.private_key': 'Required' });
    // With additionalProperties false (Postgres SSL modes), the stand-in for another option's secret is not an error either.
    const ssl = validateConnectorConfig('destination', 'postgres', { ...postgresWarehouse, ssl_mode: { mode: 'require' } }, { existingSecrets: ['ssl_mode.client_key'] });
    expect(ssl.ok && ssl.value.ssl_mode).toEqual({ mode: 'require' });
  });
});
