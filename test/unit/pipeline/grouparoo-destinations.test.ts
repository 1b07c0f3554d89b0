// The Grouparoo reverse-ETL destinations: settings as the plugins define them, in the same form
// model, validated and redacted like the Airbyte connectors.
import { describe, expect, it } from 'vitest';
import type { FormField } from '@/lib/pipeline/catalog/form-model';
import { allFields } from '@/lib/pipeline/catalog/schema-to-form';
import {
  UNIFIED_USER_COLUMNS,
  grouparooDestination,
  grouparooDestinationForm,
  grouparooSecretPaths,
  listGrouparooDestinations,
  redactGrouparooSecrets,
  validateGrouparooDestinationConfig,
  type GrouparooDestinationType,
} from '@/lib/pipeline/catalog/grouparoo-destinations';

function fieldsOf(type: GrouparooDestinationType): Record<string, Pick<FormField, 'kind' | 'required' | 'secret'>> {
  return Object.fromEntries(
    allFields(grouparooDestinationForm(type).fields).map((f) => [f.path, { kind: f.kind, required: f.required, secret: f.secret }]),
  );
}

describe('Grouparoo destinations', () => {
  it('offers mailchimp, salesforce, hubspot, zendesk and postgres through their plugins’ export connections', () => {
    expect(listGrouparooDestinations().map((d) => [d.type, d.plugin, d.appType, d.connection])).toEqual([
      ['mailchimp', '@grouparoo/mailchimp', 'mailchimp', 'mailchimp-export-contacts'],
      ['salesforce', '@grouparoo/salesforce', 'salesforce', 'salesforce-export-contacts'],
      ['hubspot', '@grouparoo/hubspot', 'hubspot', 'hubspot-export-contacts'],
      ['zendesk', '@grouparoo/zendesk', 'zendesk', 'zendesk-export-users'],
      ['postgres', '@grouparoo/postgres', 'postgres', 'postgres-export-records'],
    ]);
  });

  it('splits settings into Grouparoo app options and destination options, API keys and passwords write-only', () => {
    expect(fieldsOf('mailchimp')).toEqual({
      'app.apiKey': { kind: 'secret', required: true, secret: true },
      'destination.listId': { kind: 'text', required: true, secret: false },
    });
    expect(fieldsOf('salesforce')).toEqual({
      'app.username': { kind: 'text', required: true, secret: false },
      'app.password': { kind: 'secret', required: true, secret: true },
      'app.securityToken': { kind: 'secret', required: false, secret: true },
      'app.salesforceDomain': { kind: 'text', required: false, secret: false },
      'destination.primaryKey': { kind: 'text', required: true, secret: false },
      'destination.accountKey': { kind: 'text', required: false, secret: false },
    });
    expect(fieldsOf('hubspot')).toMatchObject({ 'app.hapikey': { kind: 'secret', required: true, secret: true } });
    expect(fieldsOf('zendesk')).toEqual({
      'app.subdomain': { kind: 'text', required: true, secret: false },
      'app.username': { kind: 'text', required: true, secret: false },
      'app.token': { kind: 'secret', required: true, secret: true },
    });
    expect(fieldsOf('postgres')).toMatchObject({
      'app.port': { kind: 'integer', required: false, secret: false },
      'app.password': { kind: 'secret', secret: true },
      'app.ssl': { kind: 'boolean' },
      'app.ssl_key': { kind: 'secret', secret: true },
      'destination.groupColumnName': { kind: 'text', required: true },
    });
  });

  it('labels fields and sections as Grouparoo does, in its order', () => {
    const form = grouparooDestinationForm('salesforce');
    expect(form).toMatchObject({ kind: 'grouparoo', type: 'salesforce', title: 'Salesforce' });
    expect(allFields(form.fields).map((f) => [f.label, f.section])).toEqual([
      ['User Name', 'Salesforce account'],
      ['Password', 'Salesforce account'],
      ['Security Token', 'Salesforce account'],
      ['Salesforce Domain', 'Salesforce account'],
      ['Primary Key', 'Contacts'],
      ['Account Key', 'Contacts'],
    ]);
  });

  it('says which unified user columns fill each destination’s fields, Mailchimp needing email_address', () => {
    const mailchimp = grouparooDestination('mailchimp').mapping;
    expect(mailchimp).toEqual([
      { field: 'email_address', type: 'email', required: true, from: 'email' },
      { field: 'FNAME', type: 'string', required: false, from: 'first_name' },
      { field: 'LNAME', type: 'string', required: false, from: 'last_name' },
    ]);
    for (const d of listGrouparooDestinations()) {
      expect(d.mapping.some((m) => m.required), d.type).toBe(true);
      for (const m of d.mapping) expect(UNIFIED_USER_COLUMNS, `${d.type} ${m.field}`).toContain(m.from);
      for (const m of d.mapping.filter((x) => x.namedBy)) {
        expect(allFields(grouparooDestinationForm(d.type).fields).map((f) => f.path), d.type).toContain(m.namedBy);
      }
    }
  });

  it('validates with per-field messages, a stored API key counting when left blank', () => {
    expect(validateGrouparooDestinationConfig('mailchimp', { app: { apiKey: '' } })).toEqual({
      ok: false,
      errors: { 'app.apiKey': 'Required', 'destination.listId': 'Required' },
    });
    expect(validateGrouparooDestinationConfig('mailchimp', { app: { apiKey: '' }, destination: { listId: 'a1b2' } }, { existingSecrets: ['app.apiKey'] })).toEqual({
      ok: true,
      value: { app: {}, destination: { listId: 'a1b2' } },
    });
    expect(validateGrouparooDestinationConfig('postgres', { app: { host: 'h', database: 'd', user: 'u', port: 70000 } })).toMatchObject({
      ok: false,
      errors: { 'app.port': 'Must be a whole number between 1 and 65535', 'destination.table': 'Required' },
    });
    expect(validateGrouparooDestinationConfig('zendesk', { app: { subdomain: 'acme', username: 'ops@acme.test', token: 't' } })).toMatchObject({ ok: true });
    expect(validateGrouparooDestinationConfig('intercom', {})).toEqual({ ok: false, errors: { type: 'Not a destination Tapestry offers: intercom' } });
  });

  it('redacts every secret', () => {
    for (const d of listGrouparooDestinations()) {
      const config = { app: {} as Record<string, string>, destination: {} };
      for (const path of grouparooSecretPaths(d.type)) config.app[path.replace(/^app\./, '')] = 'SECRET';
      config.app.kept = 'yes';
      expect(JSON.stringify(redactGrouparooSecrets(d.type, config)), d.type).not.toContain('SECRET');
      expect(redactGrouparooSecrets(d.type, config).app, d.type).toEqual({ kept: 'yes' });
    }
    expect(grouparooSecretPaths('salesforce')).toEqual(['app.password', 'app.securityToken']);
  });
});
