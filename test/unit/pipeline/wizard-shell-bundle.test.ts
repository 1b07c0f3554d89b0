// The wizard shell and its own steps as the browser gets them (esbuild, code-split like the app's
// bundler splits next/dynamic): the shell's chunk, loaded on every wizard page, stays small and
// each step stays in a chunk of its own; nothing reaches zod, Ajv, the catalog JSON or a server
// module. The server actions are the exception by design: the browser gets only references.
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ACTIONS = ['@/lib/actions/pipeline-draft', '@/lib/actions/pipelines'];

/** The action modules stay outside the bundle, as Next replaces them with references. */
const actionReferences: Plugin = {
  name: 'action-references',
  setup(b) {
    b.onResolve({ filter: /^@\/lib\/actions\// }, (args) => ({ path: args.path, external: true }));
  },
};

async function chunks() {
  const result = await build({
    entryPoints: { shell: 'components/wizard/wizard-shell.tsx' },
    outdir: 'wizard-bundle',
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    jsx: 'automatic',
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
    plugins: [actionReferences],
    external: ['react', 'react/*', 'react-dom', 'next', 'next/*'],
  });
  return Object.entries(result.metafile.outputs).map(([name, out]) => ({
    name,
    inputs: Object.keys(out.inputs),
    externals: out.imports.filter((i) => i.external).map((i) => i.path),
    /** Chunks loaded with it (static imports), as opposed to the ones import() fetches later. */
    statics: out.imports.filter((i) => !i.external && i.kind === 'import-statement').map((i) => i.path),
    gzip: gzipSync(result.outputFiles.find((f) => f.path.endsWith(name))?.contents ?? new Uint8Array()).length,
  }));
}

describe('the wizard shell as the browser gets it', async () => {
  const outputs = await chunks();
  const shell = outputs.find((o) => o.name.endsWith('shell.js'));
  /** The shell's chunk and every chunk it statically pulls in: what each wizard page loads besides its step. */
  const loadedWithShell = (names = new Set([shell?.name ?? ''])): Set<string> => {
    const more = outputs.filter((o) => names.has(o.name)).flatMap((o) => o.statics).filter((n) => !names.has(n));
    return more.length === 0 ? names : loadedWithShell(new Set([...names, ...more]));
  };

  it('loads no step editor itself: each comes in its own chunk', () => {
    expect(shell?.inputs).toContain('components/wizard/save-queue.ts');
    const withShell = outputs.filter((o) => loadedWithShell().has(o.name)).flatMap((o) => o.inputs);
    for (const step of ['name', 'target', 'warehouse', 'sources', 'transformation', 'destinations', 'review']) {
      expect(withShell).not.toContain(`components/wizard/steps/${step}-step.tsx`);
      expect(outputs.some((o) => o.inputs.includes(`components/wizard/steps/${step}-step.tsx`))).toBe(true);
    }
    expect(withShell.filter((f) => f.startsWith('components/wizard/connector-form/') || f.includes('test-connection'))).toEqual([]);
  });

  it('reaches no JSON, zod, Ajv or server module anywhere, only the two action references', () => {
    const inputs = outputs.flatMap((o) => o.inputs);
    expect(inputs.filter((f) => f.endsWith('.json') || /node_modules|validate-config|connectors\.ts|schema-to-form|wizard-catalog|lib\/(db|dal|services|secrets)\//.test(f))).toEqual([]);
    const packages = new Set(outputs.flatMap((o) => o.externals).filter((p) => !/^(react|next)(\/|$)/.test(p)));
    expect([...packages].sort()).toEqual(ACTIONS);
  });

  it('keeps what every wizard page loads besides its step under 11 kB gzip', () => {
    // About 9 kB today (queue, autosave, step list, status, buttons); React and Next are the page's own.
    const names = loadedWithShell();
    const gzip = outputs.filter((o) => names.has(o.name)).reduce((sum, o) => sum + o.gzip, 0);
    expect(names.size).toBeGreaterThan(1);
    expect(gzip).toBeLessThan(11_000);
  });
});
