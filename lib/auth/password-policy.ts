// Password rules (QUALITY SEC-1, OWASP ASVS 6.2): 15 to 128 characters, no composition rules,
// no truncation, and not one of the 10,000 most common breached passwords. The list is the
// ranked breach-derived dictionary that ships with @zxcvbn-ts/language-common.
import { z } from 'zod';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 128;
const COMMON_LIMIT = 10_000;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (!common) {
    const ranked = (dictionary as Record<string, string[]>)['passwords-common'] ?? [];
    common = new Set(ranked.slice(0, COMMON_LIMIT).map((p) => p.toLowerCase()));
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** Counts user-perceived characters, so emoji and accented letters count once. */
export function passwordLength(password: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(password)].length;
}

export const newPasswordSchema = z
  .string({ error: 'Enter a password.' })
  .refine((p) => passwordLength(p) >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters; a few words in a row work well.`)
  .refine((p) => passwordLength(p) <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
  .refine((p) => !isCommonPassword(p), 'This password appears in breach lists; choose another.');
