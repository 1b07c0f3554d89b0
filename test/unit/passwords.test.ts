import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';
import { isCommonPassword, newPasswordSchema, PASSWORD_MAX, PASSWORD_MIN } from '@/lib/auth/password-policy';
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
