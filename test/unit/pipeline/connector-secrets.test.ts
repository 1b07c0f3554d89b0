// Secret paths and redaction on the real generated Airbyte connector schemas.
import { describe, expect, it } from 'vitest';
import catalog from '@/lib/pipeline/catalog/airbyte-connectors.generated.json';
import type { ConnectorKind, JsonObject, JsonValue } from '@/lib/pipeline/catalog/form-model';
import { redactSecrets, secretPaths } from '@/lib/pipeline/catalog/secrets';

/** Every string value in a configuration, wherever it sits. */
function strings(value: JsonValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** A configuration holding a recognisable value at every given path. */
function withValues(paths: string[], valueFor: (path: string) => string): JsonObject {
  const config: JsonObject = {};
  for (const path of paths) {
    const segments = path.split('.');
    let node = config;
    for (const s of segments.slice(0, -1)) node = (node[s] ??= {}) as JsonObject;
    node[segments.at(-1) ?? ''] = valueFor(path);
  }
  return config;
}

describe('secretPaths', () => {
  it('lists the Airbyte-flagged secrets of every option, at their dotted paths', () => {
    expect(secretPaths('source', 'stripe')).toEqual(['client_secret']);
    expect(secretPaths('source', 'salesforce')).toEqual(['client_secret', 'refresh_token']);
    expect(secretPaths('source', 'zoom')).toEqual(['client_secret']);
    expect(secretPaths('source', 'zendesk-support').sort()).toEqual([
      'credentials.access_token',
      'credentials.api_token',
      'credentials.client_id',
      'credentials.client_secret',
    ]);
    expect(secretPaths('destination', 'snowflake').sort()).toEqual(['credentials.password', 'credentials.private_key', 'credentials.private_key_password']);
    expect(secretPaths('source', 'faker')).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('removes every secret of every connector and keeps everything else', () => {
    const kinds: [ConnectorKind, Record<string, unknown>][] = [
      ['source', catalog.sources],
      ['destination', catalog.destinations],
    ];
    for (const [kind, schemas] of kinds) {
      for (const type of Object.keys(schemas)) {
        const secrets = secretPaths(kind, type);
        const config = withValues(secrets, (path) => `SECRET:${path}`);
        Object.assign(config, { name: 'kept', nested_plain: { note: 'kept too' } });
        const redacted = redactSecrets(kind, type, config);
        expect(strings(redacted).filter((s) => s.startsWith('SECRET:')), `${kind} ${type}`).toEqual([]);
        expect(redacted, `${kind} ${type}`).toMatchObject({ name: 'kept', nested_plain: { note: 'kept too' } });
      }
    }
  });

  it('keeps the choice made and the non-secret settings of the chosen option', () => {
    const config = {
      host: 'db.internal',
      password: 'hunter2',
      ssl_mode: { mode: 'verify-full', ca_certificate: '-----BEGIN CERTIFICATE-----', client_key: 'KEY', client_certificate: 'CERT' },
      tunnel_method: { tunnel_method: 'SSH_PASSWORD_AUTH', tunnel_host: 'bastion', tunnel_port: 22, tunnel_user: 'ops', tunnel_user_password: 'pw' },
    };
    expect(redactSecrets('destination', 'postgres', config)).toEqual({
      host: 'db.internal',
      ssl_mode: { mode: 'verify-full' },
      tunnel_method: { tunnel_method: 'SSH_PASSWORD_AUTH', tunnel_host: 'bastion', tunnel_port: 22, tunnel_user: 'ops' },
    });
  });

  it('leaves the input untouched', () => {
    const config = { account_id: 'acct', client_secret: 'sk_live' };
    redactSecrets('source', 'stripe', config);
    expect(config).toEqual({ account_id: 'acct', client_secret: 'sk_live' });
  });
});
