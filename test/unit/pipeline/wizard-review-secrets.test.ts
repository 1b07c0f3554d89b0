// The review's list of secrets, computed in the browser from the forms, against the server's idea
// of where secrets go (draft-secrets.ts) and what a draft refers to, on the Kickstart preset.
import { describe, expect, it } from 'vitest';
import { listedSecrets, secretPlacesOf } from '@/components/wizard/review-secrets';
import type { JsonPart } from '@/components/wizard/step-props';
import { wizardCatalog } from '@/lib/pipeline/catalog/wizard-catalog';
import { rainShieldPreset } from '@/lib/pipeline/presets/rain-shield';
import { formatPath, isSecretRef } from '@/lib/pipeline/spec';
import { secretPlaces } from '@/lib/pipeline/spec/draft-secrets';

const warehouse = { host: 'db.internal', port: 5432, database: 'warehouse', username: 'loader' };
const awsDraft = () => rainShieldPreset({ target: 'aws', accountId: '123456789012', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', warehouse }) as unknown as JsonPart;

/** Every `{ secret }` in a draft, by formatted path. */
function references(value: unknown, path: (string | number)[] = [], out = new Map<string, string>()): Map<string, string> {
  if (isSecretRef(value)) out.set(formatPath(path), value.secret);
  else if (Array.isArray(value)) value.forEach((v, i) => references(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) references(v, [...path, k], out);
  return out;
}

describe('secretPlacesOf', () => {
  const catalog = wizardCatalog();

  it('lists every reference of the preset with its credential, only at places the server takes secrets', () => {
    const draft = awsDraft();
    const places = secretPlacesOf(draft, catalog);
    const serverPlaces = new Set(secretPlaces(draft).map(formatPath));
    for (const place of places) expect(serverPlaces, place.path).toContain(place.path);
    const listed = new Map(listedSecrets(places).map((p) => [p.path, p.credential]));
    expect(listed).toEqual(references(draft));
    expect(places.find((p) => p.path === 'target.credentials')).toEqual({ path: 'target.credentials', label: 'AWS account · Secret access key', required: true, credential: 'rain-shield-aws' });
  });

  it('follows the option chosen in a form, and a dbt Cloud token', () => {
    const draft = awsDraft();
    const zendesk = (draft.sources as JsonPart[])[3]!;
    // Zendesk by OAuth instead of an API token: the token field leaves, the access token comes.
    zendesk.config = { ...(zendesk.config as JsonPart), credentials: { credentials: 'oauth2.0' } };
    draft.transformation = { kind: 'dbt_cloud', accountId: '1', jobName: 'build' };
    const paths = secretPlacesOf(draft, catalog).map((p) => p.path);
    expect(paths).not.toContain('sources[3].config.credentials.api_token');
    expect(paths).toContain('sources[3].config.credentials.access_token');
    expect(secretPlacesOf(draft, catalog).find((p) => p.path === 'transformation.apiToken')).toMatchObject({ required: true, credential: undefined });
  });

  it('reads an incomplete draft without failing', () => {
    expect(secretPlacesOf({ sources: [{ type: 'nope' }, 'junk'], warehouse: 'x', target: { kind: 'sandbox' } } as unknown as JsonPart, catalog)).toEqual([]);
  });
});
