import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';
import { isCommonPassword, newPasswordSchema, PASSWORD_MAX, PASSWORD_MIN, passwordLength } from '@/lib/auth/password-policy';
import { resetEnvForTests } from '@/lib/env';

describe('password hashing (SEC-1)', () => {
  it('uses argon2id with m=64 MiB, t=3, p=1 and verifies round trips of any Unicode', async () => {
    for (const password of ['correct horse battery staple', 'ünïcødé pässwörd 🙂🙂🙂 with spaces', 'x'.repeat(PASSWORD_MAX)]) {
      const phc = await hashPassword(password);
      expect(phc).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
      expect(await verifyPassword(phc, password)).toBe(true);
      expect(await verifyPassword(phc, `${password}!`)).toBe(false);
      expect(needsRehash(phc)).toBe(false);
    }
  });

  it('round-trips random Unicode passwords of 15 to 128 characters (property)', { timeout: 60_000 }, async () => {
    const seed = Date.now() >>> 0;
    const random = mulberry32(seed);
    for (let sample = 0; sample < 12; sample++) {
      const length = PASSWORD_MIN + Math.floor(random() * (PASSWORD_MAX - PASSWORD_MIN + 1));
      const password = randomPassword(random, length);
      const context = `seed ${seed}, sample ${sample}: ${JSON.stringify(password)}`;
      expect(passwordLength(password), context).toBe(length);
      expect(newPasswordSchema.safeParse(password).success, context).toBe(true);
      const phc = await hashPassword(password);
      expect(await verifyPassword(phc, password), context).toBe(true);
      // The same text in another Unicode normal form is the same password...
      expect(await verifyPassword(phc, password.normalize('NFD')), context).toBe(true);
      // ...but one character changed is not, wherever it is (no truncation).
      const changed = withOneCharacterChanged(random, password);
      expect(await verifyPassword(phc, changed), `${context} -> ${JSON.stringify(changed)}`).toBe(false);
    }
  });

  it('mixes in the pepper: the same hash fails under another pepper', async () => {
    const phc = await hashPassword('a long enough passphrase here');
    const original = process.env.TAPESTRY_PASSWORD_PEPPER;
    try {
      process.env.TAPESTRY_PASSWORD_PEPPER = 'a-different-pepper-0123456789abcdefghij';
      resetEnvForTests();
      expect(await verifyPassword(phc, 'a long enough passphrase here')).toBe(false);
    } finally {
      process.env.TAPESTRY_PASSWORD_PEPPER = original;
      resetEnvForTests();
    }
  });

  it('asks for a rehash of weaker parameters', () => {
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA')).toBe(true);
  });
});

describe('password policy (SEC-1)', () => {
  const problems = (p: string) => newPasswordSchema.safeParse(p).error?.issues.map((i) => i.message) ?? [];

  it('needs 15 to 128 characters counted as people see them, with no composition rules', () => {
    expect(problems('a'.repeat(PASSWORD_MIN - 1))).toEqual([expect.stringMatching(/at least 15/)]);
    expect(problems('lowercase words only')).toEqual([]);
    expect(problems('🙂'.repeat(PASSWORD_MIN - 1))).toEqual([expect.stringMatching(/at least 15/)]);
    expect(problems('a'.repeat(PASSWORD_MAX + 1))).toEqual([expect.stringMatching(/at most 128/)]);
  });

  it('refuses passwords from the breach list', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PASSWORD')).toBe(true);
    expect(isCommonPassword('violet anchor drifting quietly home')).toBe(false);
  });
});

/** A small seeded PRNG, so a failing sample can be reproduced from the seed in its message. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Scripts whose characters each stand alone as one user-perceived character (no combining
// marks, joiners or regional indicators), from one byte to four in UTF-8.
const RANGES: Array<[number, number]> = [
  [0x21, 0x7e], // ASCII
  [0xc0, 0xff], // Latin-1 letters
  [0x391, 0x3a9], // Greek
  [0x410, 0x44f], // Cyrillic
  [0x5d0, 0x5ea], // Hebrew
  [0x3041, 0x3096], // Hiragana
  [0x4e00, 0x9fff], // CJK
  [0x1f600, 0x1f64f], // emoji faces
];

function randomCharacter(random: () => number, not?: string): string {
  for (;;) {
    const [from, to] = RANGES[Math.floor(random() * RANGES.length)]!;
    const c = String.fromCodePoint(from + Math.floor(random() * (to - from + 1)));
    if (c !== not && c.normalize('NFKC') !== not?.normalize('NFKC') && c.normalize('NFKC').length === c.length) return c;
  }
}

function randomPassword(random: () => number, length: number): string {
  let password = '';
  do password = Array.from({ length }, () => randomCharacter(random)).join('');
  while (isCommonPassword(password));
  return password;
}

function withOneCharacterChanged(random: () => number, password: string): string {
  const chars = [...password];
  const at = Math.floor(random() * chars.length);
  chars[at] = randomCharacter(random, chars[at]);
  return chars.join('');
}
