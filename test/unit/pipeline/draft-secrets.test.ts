// Where a draft may hold secrets, and the paths the wizard uses to reach them.
import { describe, expect, it } from 'vitest';
import { isSecretPlace, parsePath, secretPlaces, setValueAt, stripPlainSecrets, valueAt } from '@/lib/pipeline/spec/draft-secrets';

const draft = () => ({
  target: { kind: 'aws', credentials: 'AKIA-plain' },
  warehouse: { type: 'postgres', config: { host: 'h', password: { secret: 'wh' } } },
  sources: [{ name: 'stripe', type: 'stripe', config: { account_id: 'a', client_secret: 'sk_live_plain' } }],
  transformation: { kind: 'dbt_cloud', apiToken: { secret: 'dbt' } },
  destinations: [{ name: 'mc', type: 'mailchimp', config: { app: { apiKey: 'plain-key' } } }],
});

describe('draft paths', () => {
  it('parse the wizard’s formatted paths and refuse anything else', () => {
    expect(parsePath('sources[12].config.credentials.password')).toEqual(['sources', 12, 'config', 'credentials', 'password']);
    expect(parsePath('target.credentials')).toEqual(['target', 'credentials']);
    expect(parsePath('sources[0]..x')).toBeUndefined();
    expect(parsePath('__proto__.x')).toEqual(['__proto__', 'x']);
    expect(setValueAt({}, ['__proto__', 'x'], 1)).toBe(false);
  });

  it('set values through lists and objects, creating only objects', () => {
    const d = draft();
    expect(setValueAt(d, ['sources', 0, 'config', 'client_secret'], { secret: 'n' })).toBe(true);
    expect(valueAt(d, ['sources', 0, 'config', 'client_secret'])).toEqual({ secret: 'n' });
    expect(Array.isArray(d.sources)).toBe(true);
    expect(setValueAt(d, ['sources', 3, 'config'], {})).toBe(false);
  });
});

describe('secret places', () => {
  it('follow the connector types the draft names', () => {
    const places = secretPlaces(draft()).map((p) => p.join('.'));
    expect(places).toEqual(expect.arrayContaining(['target.credentials', 'warehouse.config.password', 'sources.0.config.client_secret', 'transformation.apiToken', 'destinations.0.config.app.apiKey']));
    expect(isSecretPlace(draft(), ['sources', 0, 'config', 'account_id'])).toBe(false);
  });

  it('lose every plain value and keep references', () => {
    const { draft: clean, stripped } = stripPlainSecrets(draft());
    expect(stripped.sort()).toEqual(['destinations[0].config.app.apiKey', 'sources[0].config.client_secret', 'target.credentials']);
    expect(JSON.stringify(clean)).not.toMatch(/plain/);
    expect(clean.warehouse.config.password).toEqual({ secret: 'wh' });
  });
});
