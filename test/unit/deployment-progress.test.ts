// The deploy page's overall percentage and remaining time (UX-2), and the event-stream framing
// (PERF-8): pure functions, checked by hand-computed figures.
import { describe, expect, it } from 'vitest';
import { defaultStepMs, deploymentProgress, type ProgressStep } from '@/lib/dal/deployment-progress';
import { frame } from '@/lib/http/sse';

const NOW = Date.parse('2030-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const expected = { template: 1_000, change_set: 9_000, stack: 80_000, outputs: 10_000 };

const steps = (...states: ProgressStep['state'][]): ProgressStep[] =>
  ['template', 'change_set', 'stack', 'outputs'].map((name, i) => ({ name, state: states[i] ?? 'PENDING', startedAt: null }));

describe('deployment progress', () => {
  it('weights finished steps by their expected durations', () => {
    expect(deploymentProgress(steps('SUCCEEDED', 'SUCCEEDED'), expected, NOW)).toEqual({ percent: 10, remainingMs: 90_000 });
    expect(deploymentProgress(steps('SUCCEEDED', 'SKIPPED', 'SUCCEEDED'), expected, NOW)).toEqual({ percent: 90, remainingMs: 10_000 });
  });

  it('credits the running step for the time it has run, never more than 90 % of it', () => {
    const running = steps('SUCCEEDED', 'SUCCEEDED', 'RUNNING');
    running[2] = { name: 'stack', state: 'RUNNING', startedAt: ago(40_000) };
    expect(deploymentProgress(running, expected, NOW)).toEqual({ percent: 50, remainingMs: 50_000 });
    running[2] = { name: 'stack', state: 'RUNNING', startedAt: ago(500_000) };
    // Overran: 72 of its 80 s credited, and a tenth of it still expected.
    expect(deploymentProgress(running, expected, NOW)).toEqual({ percent: 82, remainingMs: 18_000 });
  });

  it('is 100 only when every step finished, and 0 with nothing to weigh', () => {
    expect(deploymentProgress(steps('SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SKIPPED'), expected, NOW)).toEqual({ percent: 100, remainingMs: 0 });
    expect(deploymentProgress(steps('SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED'), expected, NOW).percent).toBe(90);
    expect(deploymentProgress([], {}, NOW)).toEqual({ percent: 0, remainingMs: 0 });
  });

  it('falls back to typical durations: a stack update is shorter than a creation, the sandbox far quicker', () => {
    expect(defaultStepMs('stack', 'RESIZE', 'aws')).toBeLessThan(defaultStepMs('stack', 'CREATE', 'aws'));
    expect(defaultStepMs('stack', 'CREATE', 'sandbox')).toBeLessThan(defaultStepMs('stack', 'CREATE', 'aws') / 10);
    expect(defaultStepMs('something_new', 'CREATE', 'aws')).toBeGreaterThan(0);
  });
});

describe('event-stream framing', () => {
  it('writes id, event and one JSON data line, ended by a blank line', () => {
    expect(frame({ id: '42', event: 'stack', data: { reason: 'line one\nline two' } })).toBe('id: 42\nevent: stack\ndata: {"reason":"line one\\nline two"}\n\n');
  });

  it('cannot be split by a line break in an id or event name', () => {
    expect(frame({ id: '1\ndata: forged', event: 'x\ny', data: null })).toBe('id: 1 data: forged\nevent: x y\ndata: null\n\n');
  });
});
