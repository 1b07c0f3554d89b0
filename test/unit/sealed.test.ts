import { describe, expect, it } from 'vitest';
import { seal, unseal } from '@/lib/crypto/sealed';

const SECRET = 'unit-test-secret-0123456789abcdef0123';

describe('sealed values', () => {
  it('open to what was sealed, and never show it in the sealed form', () => {
    const link = 'https://tapestry.example.com/invite/AbCdEf0123456789';
    const sealed = seal(link, 'email', SECRET);
    expect(sealed).not.toContain('invite');
    expect(unseal(sealed, 'email', SECRET)).toBe(link);
    expect(seal(link, 'email', SECRET)).not.toBe(sealed); // a fresh IV each time
  });

  it('refuse a changed ciphertext, another purpose and another secret', () => {
    const sealed = seal('secret value', 'email', SECRET);
    const [v, iv, body, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => unseal([v, iv, flipped.toString('base64url'), tag].join('.'), 'email', SECRET)).toThrow();
    expect(() => unseal(sealed, 'aws-credentials', SECRET)).toThrow();
    expect(() => unseal(sealed, 'email', `${SECRET}x`)).toThrow();
    expect(() => unseal('plain text', 'email', SECRET)).toThrow(/not a sealed value/);
  });
});
