// Every route handler and method the app serves, read from app/**/route.ts (the API and the
// session routes beside the pages), and every page of an organization, from app/(app)/[org]/**/page.tsx.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesNamed(full, name);
    return e.name === name ? [full] : [];
  });
}

/** URL of a route or page file: route groups `(x)` dropped, dynamic segments left as `[x]`. */
const urlOf = (file: string) => ('/' + path.dirname(file).replace(/^app\/?/, '').replace(/\([^)]+\)\/?/g, '')).replace(/\/$/, '') || '/';

/** `GET /api/v1/me`-style keys for every exported method. */
export function routeInventory(): string[] {
  return filesNamed('app', 'route.ts').flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const url = urlOf(file);
    return METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source)).map((m) => `${m} ${url}`);
  });
}

/** The objects whose pages the inventory visits; a page whose object is not given is left out. */
export interface PageIds {
  pipelineId: string;
  runId?: string;
  deploymentId?: string;
}

/**
 * Paths of every page inside an organization, with `slug` as the organization, e.g.
 * `/acme/settings/members`; a pipeline's pages use `pipelineId` and the wizard's first step, a
 * run's and a deployment's pages their ids.
 */
export function orgPagePaths(slug: string, ids: PageIds): string[] {
  return filesNamed('app/(app)/[org]', 'page.tsx')
    .map((file) =>
      urlOf(file)
        .replace('[org]', slug)
        .replace('[id]', ids.pipelineId)
        .replace('[step]', 'name')
        .replace('[runId]', ids.runId ?? '[runId]')
        .replace('[deploymentId]', ids.deploymentId ?? '[deploymentId]'),
    )
    .filter((p) => !p.includes('['));
}
