import { describe, expect, it } from 'vitest';
import { exportPipelineYaml, importPipelineYaml, type YamlImportError } from '@/lib/pipeline/spec';
import { sandboxSpec } from './spec-fixtures';

/** 1-based line of the first line containing `needle` after the line containing `after`. */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  return lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
}

function errorsOf(text: string): YamlImportError[] {
  const result = importPipelineYaml(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

describe('exportPipelineYaml', () => {
  it('writes the header, apiVersion and kind, and secrets only as references', () => {
    const text = exportPipelineYaml(sandboxSpec());
    expect(text.startsWith('# Tapestry pipeline, apiVersion tapestry.dev/v1\n')).toBe(true);
    expect(text).toContain('\napiVersion: tapestry.dev/v1\nkind: Pipeline\nname: Rain Shield\n');
    expect(text).toContain('client_secret: { secret: rain-shield-stripe-secret-key }');
    expect(text).not.toMatch(/[&*]a\d/); // no anchors: each value written out
  });

  it('is stable: key order does not depend on how the spec was built', () => {
    const spec = sandboxSpec();
    const shuffled = structuredClone(spec);
    shuffled.warehouse.config = Object.fromEntries(Object.entries(spec.warehouse.config).reverse());
    expect(exportPipelineYaml(shuffled)).toBe(exportPipelineYaml(spec));
  });

  it('round-trips: import(export(spec)) equals the spec', () => {
    const spec = sandboxSpec();
    expect(importPipelineYaml(exportPipelineYaml(spec))).toEqual({ ok: true, spec });
  });
});

describe('importPipelineYaml errors carry the line to fix', () => {
  const good = exportPipelineYaml(sandboxSpec());

  it('a YAML syntax error, with the parser\'s position', () => {
    const text = good.replace('  type: postgres', '  type: [postgres');
    const [error, ...rest] = errorsOf(text);
    expect(rest.length).toBeGreaterThanOrEqual(0);
    expect(error?.message).toMatch(/^YAML: /);
    expect(error?.line).toBeGreaterThanOrEqual(lineOf(text, 'type: [postgres'));
  });

  it('a wrong type deep in sources[1].config', () => {
    const text = good.replace('is_sandbox: false', 'is_sandbox: sometimes');
    expect(errorsOf(text)).toEqual([{ line: lineOf(text, 'is_sandbox: sometimes'), column: 19, path: 'sources[1].config.is_sandbox', message: 'Must be true or false' }]);
  });

  it('an unknown field, pointed at its key', () => {
    const text = good.replace('    prefix: stripe_\n', '    prefix: stripe_\n    sheduel: hourly\n');
    expect(errorsOf(text)).toEqual([{ line: lineOf(text, 'sheduel'), column: 5, path: 'sources[2].sheduel', message: 'Unknown field "sheduel"' }]);
  });

  it('a plain secret value, with how to reference one instead', () => {
    const text = good.replace('api_token: { secret: rain-shield-zendesk-api-token }', 'api_token: zd_0123456789');
    expect(errorsOf(text)).toEqual([
      {
        line: lineOf(text, 'api_token: zd_'),
        column: 20,
        path: 'sources[3].config.credentials.api_token',
        message: expect.stringContaining('write { secret: <credential name> }'),
      },
    ]);
  });

  it('a missing field at the mapping that should hold it, and a wrong apiVersion', () => {
    const text = good.replace('apiVersion: tapestry.dev/v1', 'apiVersion: tapestry.dev/v9').replace(/^ +listId: rainshield-users\n/m, '');
    expect(errorsOf(text)).toEqual([
      { line: lineOf(text, 'apiVersion: '), column: 13, path: 'apiVersion', message: 'Must be tapestry.dev/v1' },
      { line: lineOf(text, 'destination:', '- name: mailchimp'), column: 7, path: 'destinations[0].config.destination.listId', message: 'Required' },
    ]);
  });

  it('duplicate keys', () => {
    const text = good.replace('slug: rain-shield\n', 'slug: rain-shield\nslug: other\n');
    const [error] = errorsOf(text);
    expect(error?.message).toMatch(/unique/i);
    expect(error?.line).toBe(lineOf(text, 'slug: other'));
  });

  it('refuses a 5 MB paste before parsing it, quickly', () => {
    const started = performance.now();
    expect(errorsOf(`name: ${'x'.repeat(5 * 1024 * 1024)}`)).toEqual([{ line: 0, column: 0, path: '_form', message: expect.stringContaining('larger than 1 MB') }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts bytes, not characters: 400k three-byte characters are over 1 MB', () => {
    expect(errorsOf(`name: ${'€'.repeat(400_000)}`)[0]?.message).toContain('larger than 1 MB');
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = performance.now();
    const [error] = errorsOf(levels.join('\n'));
    expect(error?.message).toContain('Too many alias expansions');
    expect(error?.line).toBe(2);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a file that is not a mapping', () => {
    expect(errorsOf('- just\n- a list\n')[0]?.message).toContain('A pipeline file is a mapping');
  });
});
