// PERF-1: the JavaScript a page really makes the browser fetch, as gzip bytes: the module
// scripts (<script src> without nomodule) in its HTML. Next 16 prints no sizes, so this is the
// measure; the same function feeds the budget test and `npm run bench`.
import { gzipSync } from 'node:zlib';

const SCRIPT_SRC = /<script\b([^>]*)\bsrc="([^"]+)"([^>]*)>/g;

export function pageScripts(html: string): string[] {
  const sources = new Set<string>();
  for (const [, before, src, after] of html.matchAll(SCRIPT_SRC)) {
    if (/\bnomodule\b/i.test(`${before} ${after}`)) continue;
    sources.add(src!.replace(/&amp;/g, '&'));
  }
  return [...sources];
}

/** Gzip size in bytes of each script the page at `url` loads, by script path. */
export async function jsWeight(url: string, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const page = await fetch(url, { headers, redirect: 'manual' });
  if (page.status !== 200) throw new Error(`${url} answered ${page.status}`);
  const sizes = new Map<string, number>();
  for (const src of pageScripts(await page.text())) {
    const script = await fetch(new URL(src, url));
    if (!script.ok) throw new Error(`${src} answered ${script.status}`);
    sizes.set(new URL(src, url).pathname, gzipSync(Buffer.from(await script.arrayBuffer())).length);
  }
  return sizes;
}

export const totalKb = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0) / 1024;
