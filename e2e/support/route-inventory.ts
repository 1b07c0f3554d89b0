// Every route handler and method the app serves, read from app/api/**/route.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === 'route.ts' ? [full] : [];
  });
}

/** `GET /api/v1/me`-style keys for every exported method. */
export function routeInventory(): string[] {
  return routeFiles('app/api').flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const url = '/' + path.dirname(file).replace(/^app\//, '').replace(/\([^)]+\)\//g, '');
    return METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source)).map((m) => `${m} ${url}`);
  });
}
