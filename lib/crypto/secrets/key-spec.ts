// The text form of the key-encryption keys (KEKs), as TAPESTRY_SECRET_KEY or the `secretKey` of a
// local install's .tapestry/keys.json:
//
//   <key id>:<base64 of 32 random bytes>[,<key id>:<base64 key>]…     first entry = current key
//
// e.g. `k20260712-3f9a:q1Lx…=,k20250101-0c1d:Zm9v…=`. The current key seals new secrets; the others
// only open secrets still wrapped under them until `rewrapAll` has moved those to the current key.
// Key ids: 1–32 of A–Z a–z 0–9 _ -. Keys: standard or URL-safe base64, padding optional.
//
// No `server-only` here on purpose: `npm start` (plain Node, no react-server condition) generates
// the local install's key with `generateKeyEntry`.
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { SecretError } from './errors';

export const KEY_BYTES = 32;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HOW_TO_MAKE = 'generate one with `openssl rand -base64 32`';

/** One parsed KEK. The key is a KeyObject: JSON.stringify and util.inspect never show its bytes. */
export interface KeyEntry {
  readonly id: string;
  readonly key: KeyObject;
}

interface RawEntry {
  id: string;
  encoded: string;
}

function invalid(source: string, detail: string): SecretError {
  return new SecretError('KEY_SPEC_INVALID', `${source} ${detail}`);
}

/** Splits and checks a spec; messages name positions and ids, never the key text. */
function readEntries(text: string, source: string): RawEntry[] {
  if (text.trim() === '') throw invalid(source, `is empty; write it as <key id>:<base64 key>, ${HOW_TO_MAKE}`);
  const seen = new Set<string>();
  return text.split(',').map((part, index) => {
    const where = `entry ${index + 1}`;
    const entry = part.trim();
    if (entry === '') throw invalid(source, `${where} is empty (a stray comma?)`);
    const colon = entry.indexOf(':');
    if (colon < 0) throw invalid(source, `${where} has no key id: write it as <key id>:<base64 key>`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    // An id that breaks the pattern might be a pasted key, so it is not repeated back.
    if (!KEY_ID_PATTERN.test(id)) throw invalid(source, `${where}: the key id must be 1–32 of A–Z, a–z, 0–9, _ and -`);
    if (seen.has(id)) throw invalid(source, `${where}: key id "${id}" is used twice`);
    seen.add(id);
    if (!BASE64.test(encoded)) throw invalid(source, `${where} (key id "${id}"): the key is not base64; ${HOW_TO_MAKE}`);
    const length = Buffer.from(encoded, 'base64').length;
    if (length !== KEY_BYTES) {
      throw invalid(source, `${where} (key id "${id}"): the key must be ${KEY_BYTES} bytes, it decodes to ${length}; ${HOW_TO_MAKE}`);
    }
    return { id, encoded };
  });
}

/** Parses a key spec (current key first). Throws SecretError KEY_SPEC_INVALID with a clear, key-free message. */
export function parseKeySpec(text: string, source = 'TAPESTRY_SECRET_KEY'): KeyEntry[] {
  return readEntries(text, source).map(({ id, encoded }) => {
    const bytes = Buffer.from(encoded, 'base64');
    const key = createSecretKey(bytes);
    bytes.fill(0);
    return { id, key };
  });
}

/** A key id that sorts by creation day and rarely clashes: `k20260712-3f9a`. */
export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(2).toString('hex')}`;
}

/** A fresh KEK as one spec entry, `<id>:<base64 key>`, e.g. for .tapestry/keys.json. */
export function generateKeyEntry(id = newKeyId()): { id: string; entry: string } {
  if (!KEY_ID_PATTERN.test(id)) throw invalid('the new key', 'id must be 1–32 of A–Z, a–z, 0–9, _ and -');
  return { id, entry: `${id}:${randomBytes(KEY_BYTES).toString('base64')}` };
}

/** Step 1 of a rotation: a new current key in front; the old ones stay to open what they wrapped. */
export function rotateKeySpec(text: string, id = newKeyId(), source = 'TAPESTRY_SECRET_KEY'): { spec: string; newKeyId: string } {
  const entries = readEntries(text, source);
  if (entries.some((e) => e.id === id)) throw invalid(source, `already holds key id "${id}"`);
  const fresh = generateKeyEntry(id);
  return { spec: [fresh.entry, ...entries.map((e) => `${e.id}:${e.encoded}`)].join(','), newKeyId: id };
}

/** Last step of a rotation, once `rewrapAll` reported `complete`: the retired key leaves the spec. */
export function retireKeyFromSpec(text: string, id: string, source = 'TAPESTRY_SECRET_KEY'): string {
  const entries = readEntries(text, source);
  const index = entries.findIndex((e) => e.id === id);
  if (index < 0) throw invalid(source, `holds no key id "${id}"`);
  if (index === 0) throw invalid(source, `has "${id}" as its current key; rotate to a new key before retiring it`);
  return entries
    .filter((e) => e.id !== id)
    .map((e) => `${e.id}:${e.encoded}`)
    .join(',');
}
