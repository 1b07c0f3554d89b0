// The local install's keys file: created once with every key, never changed after, and an older
// file (from before secrets at rest) gains a secret key without losing what passwords depend on.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseKeySpec } from '@/lib/crypto/secrets/key-spec';
import { loadOrCreateKeys } from '@/scripts/start/local-home';

const homes: string[] = [];
function home(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tapestry-home-'));
  homes.push(dir);
  return dir;
}
afterEach(() => homes.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the keys file of a local install', () => {
  it('is created once, owner-only, with a usable secret key ring, and read back unchanged', () => {
    const dir = home();
    const first = loadOrCreateKeys(dir);
    expect(statSync(path.join(dir, 'keys.json')).mode & 0o077).toBe(0);
    expect(parseKeySpec(first.secretKey)).toHaveLength(1);
    expect(loadOrCreateKeys(dir)).toEqual(first);
  });

  it('gives a file from an earlier version a secret key and keeps every existing key', () => {
    const dir = home();
    const older = { nextauthSecret: 'n'.repeat(40), passwordPepper: 'p'.repeat(40), postgresPassword: 'q'.repeat(20) };
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(older), { mode: 0o600 });
    const upgraded = loadOrCreateKeys(dir);
    expect(upgraded).toMatchObject(older);
    expect(parseKeySpec(upgraded.secretKey)).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'keys.json'), 'utf8'))).toEqual(upgraded);
    expect(statSync(path.join(dir, 'keys.json')).mode & 0o077).toBe(0);
  });

  it('refuses a damaged file instead of replacing the keys passwords depend on', () => {
    const dir = home();
    writeFileSync(path.join(dir, 'keys.json'), '{"nextauthSecret": 1');
    expect(() => loadOrCreateKeys(dir)).toThrow(/damaged/);
    expect(readFileSync(path.join(dir, 'keys.json'), 'utf8')).toBe('{"nextauthSecret": 1');
  });
});
