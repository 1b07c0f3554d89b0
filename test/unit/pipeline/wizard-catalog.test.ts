// The catalog the wizard page hands to the browser: every connector Tapestry offers with its form
// from the real schema, plain data that survives the trip to the client unchanged.
import { describe, expect, it } from 'vitest';
import { allFields, formForConnector } from '@/lib/pipeline/catalog/schema-to-form';
import { wizardCatalog } from '@/lib/pipeline/catalog/wizard-catalog';
import { AWS_REGIONS } from '@/lib/pipeline/spec';

describe('wizardCatalog', () => {
  const catalog = wizardCatalog();

  it('offers every source, warehouse and destination with its form', () => {
    expect(catalog.sources.map((s) => s.type)).toEqual(['stripe', 'salesforce', 'zendesk-support', 'zoom', 'hubspot', 'postgres', 'faker']);
    expect(catalog.warehouses.map((w) => w.type)).toEqual(['snowflake', 'postgres']);
    expect(catalog.destinations.map((d) => d.type)).toEqual(['mailchimp', 'salesforce', 'hubspot', 'zendesk', 'postgres']);
    expect(catalog.sources.find((s) => s.type === 'stripe')?.form).toEqual(formForConnector('source', 'stripe'));
    const snowflake = catalog.warehouses.find((w) => w.type === 'snowflake')?.form;
    expect(allFields(snowflake?.fields ?? []).some((f) => f.path === 'host' && f.required)).toBe(true);
  });

  it('names what each destination must have mapped, with the suggested unified users column', () => {
    const mailchimp = catalog.destinations.find((d) => d.type === 'mailchimp');
    expect(mailchimp?.mapping.filter((m) => m.required)).toEqual([{ field: 'email_address', label: 'email_address', required: true, suggested: 'email' }]);
    expect(catalog.unifiedUserColumns).toEqual(['email', 'first_name', 'last_name', 'full_name']);
    expect(catalog.awsRegions).toEqual(AWS_REGIONS);
  });

  it('is plain data (what the client receives is what the server built) and says when no sandbox runs', () => {
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    expect(catalog.sandboxAvailable).toBe(false);
  });
});
