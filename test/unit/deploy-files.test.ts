// The Dockerfile and docker-compose.yml cannot be run here (no Docker engine), so check that
// they run exactly the npm scripts the test suite exercises, and the README lists their settings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const compose = readFileSync('docker-compose.yml', 'utf8');
const dockerfile = readFileSync('Dockerfile', 'utf8');
const readme = readFileSync('README.md', 'utf8');

const npmRuns = (text: string) => [...text.matchAll(/\["npm", "run", "([\w:-]+)"\]/g)].map((m) => m[1]!);

describe('server deployment files', () => {
  it('run the migrate, web and worker npm scripts, which exist', () => {
    expect(new Set(npmRuns(compose))).toEqual(new Set(['migrate', 'web', 'worker']));
    expect(npmRuns(dockerfile)).toEqual(['web']);
    for (const name of [...npmRuns(compose), ...npmRuns(dockerfile)]) expect(scripts[name], name).toBeDefined();
    expect(scripts.web).toBe('node .next/standalone/server.js');
  });

  it('are configured only through variables the README documents', () => {
    const used = new Set([...compose.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!));
    for (const name of used) {
      if (name === 'POSTGRES_PASSWORD' || name === 'TAPESTRY_PORT') continue; // compose-only, documented in the file header
      expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
    }
  });

  it('use a Node 22 LTS image', () => {
    expect(dockerfile).toMatch(/^FROM node:22-bookworm-slim AS build$/m);
  });
});
