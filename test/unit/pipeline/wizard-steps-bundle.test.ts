// The step editors are client code on a page with a tight script budget (PERF-1): bundled as the
// browser gets them (esbuild, which tsx brings along, resolving the project's paths), they must
// reach no catalog JSON, no zod, no Ajv, no server module, and stay small. React and Next are the
// page's own and left out of the count.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    metafile: true,
    outfile: 'step.js',
    jsx: 'automatic',
    tsconfig: 'tsconfig.json',
    logLevel: 'silent',
    external: ['react', 'react/*', 'react-dom', 'next', 'next/*'],
  });
  const output = result.outputFiles[0]?.contents ?? new Uint8Array();
  const packages = new Set(result.metafile.outputs['step.js']?.imports.map((i) => i.path));
  return { inputs: Object.keys(result.metafile.inputs), packages, gzip: gzipSync(output).length };
}

describe('step editors as the browser gets them', () => {
  it.each(['warehouse-step', 'sources-step', 'destinations-step'])('%s reaches no JSON, zod, Ajv or server module and stays under 20 kB gzip', async (step) => {
    const { inputs, packages, gzip } = await bundle(`components/wizard/steps/${step}.tsx`);
    expect(inputs).toContain('components/wizard/connector-form/connector-form.tsx');
    expect(inputs.filter((f) => f.endsWith('.json') || /node_modules|validate-config|connectors\.ts|schema-to-form|wizard-catalog|lib\/(db|dal|services|actions)/.test(f))).toEqual([]);
    expect([...packages].filter((p) => !/^(react|next)(\/|$)/.test(p))).toEqual([]);
    // The catalog JSON alone would be hundreds of kB; the editors with the connector form are ~9–15 kB.
    expect(gzip).toBeLessThan(20_000);
  });
});
