// The installer runs `npm ci`, which replaces node_modules wholesale: it must refuse any folder
// that belongs to another project (the app's own checkout above all) before touching it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { installGrouparoo } from '@/infra/local/grouparoo';

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('refuses to install into a folder holding another project', async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'grouparoo-foreign-'));
  const manifest = JSON.stringify({ name: 'tapestry', dependencies: { next: '16.4.6' } });
  writeFileSync(path.join(scratch, 'package.json'), manifest);
  const lines: string[] = [];
  await expect(installGrouparoo(scratch, (line) => lines.push(line))).rejects.toThrow(/another project's package.json/);
  expect(readFileSync(path.join(scratch, 'package.json'), 'utf8')).toBe(manifest);
  expect(readdirSync(scratch)).toEqual(['package.json']);
  expect(lines).toEqual([]);
});
