// The people behind the sandbox's synthetic records: one fixed pool, so the same person (same
// email) turns up as a Stripe customer, a Salesforce contact, a Zendesk requester and a webinar
// registrant. Each stream reads a different window of the pool; the windows overlap, which is what
// a later "unified users" model needs to dedupe by email. Everything is a pure function of its
// inputs, so every sync of the same source produces the same records.

const FIRST_NAMES = [
  'Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances',
  'Edsger', 'Radia', 'Tim', 'Hedy', 'Donald', 'Shafi', 'John', 'Sophie', 'Guido', 'Anita',
  'Bjarne', 'Jean', 'Niklaus', 'Mary', 'Leslie', 'Annie', 'Vint', 'Evelyn', 'Yukihiro', 'Lynn',
];

const LAST_NAMES = [
  'Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen',
  'Dijkstra', 'Perlman', 'Berners-Lee', 'Lamarr', 'Knuth', 'Goldwasser', 'McCarthy', 'Wilson', 'Rossum', 'Borg',
  'Stroustrup', 'Sammet', 'Wirth', 'Keller', 'Lamport', 'Easley', 'Cerf', 'Boyd', 'Matsumoto', 'Conway',
];

const DOMAINS = ['example.com', 'acme.test', 'initech.test', 'globex.test', 'umbrella.test'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'CA', 'JP', 'BR', 'IN'];
const COMPANIES = ['Acme Corp', 'Initech', 'Globex', 'Umbrella', 'Hooli', 'Vandelay Industries', 'Stark Industries', 'Wayne Enterprises'];

/** How many distinct people exist; windows wrap around it. */
export const POOL_SIZE = 120;

export interface Person {
  index: number;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  country: string;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[((n % list.length) + list.length) % list.length] as T;
}

/** Person `n` of the pool (any integer; wraps). First and last names advance at different rates. */
export function person(n: number): Person {
  const index = ((n % POOL_SIZE) + POOL_SIZE) % POOL_SIZE;
  const firstName = pick(FIRST_NAMES, index);
  const lastName = pick(LAST_NAMES, index * 7 + Math.floor(index / FIRST_NAMES.length));
  const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
  return {
    index,
    firstName,
    lastName,
    email: `${local}@${pick(DOMAINS, index * 3)}`,
    company: pick(COMPANIES, index * 5),
    country: pick(COUNTRIES, index),
  };
}

/** A deterministic number in [0, 1) for a key (FNV-1a, then scaled): same key, same value. */
export function unit(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x100000000;
}

export function between(key: string, min: number, max: number): number {
  return min + Math.floor(unit(key) * (max - min + 1));
}

export function choose<T>(key: string, list: readonly T[]): T {
  return pick(list, Math.floor(unit(key) * list.length));
}

/** Records are spread over time from this instant, six hours apart, so cursors grow with the record number. */
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);
const STEP_MS = 6 * 3600 * 1000;

/** When record `i` of a stream was created, and when it was last updated (its cursor). */
export function recordTimes(i: number): { created: Date; updated: Date } {
  const created = new Date(EPOCH + i * STEP_MS);
  return { created, updated: new Date(created.getTime() + 45 * 60 * 1000) };
}

/** Digits-and-letters id of a given length, stable per key (Stripe/Salesforce-style ids). */
export function token(key: string, length: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(unit(`${key}#${i}`) * alphabet.length)] ?? '0';
  return out;
}
