// EC2's filters as the stand-in applies them: wildcards, tags, OR within a filter and AND across.
import { describe, expect, it } from 'vitest';
import { checkFilterNames, matchesFilters, readFilters } from '@/infra/local/aws/ec2/filters';
import { nestParams } from '@/infra/local/aws/protocol';
import type { SandboxInstance } from '@/infra/local/core/world';

const instance: SandboxInstance = {
  instanceId: 'i-0123456789abcdef0',
  instanceType: 't3.large',
  imageId: 'ami-1',
  privateIpAddress: '10.0.1.7',
  monitoring: 'enabled',
  tags: { Name: 'airbyte-prod', 'tapestry:role': 'airbyte' },
  launchTime: 0,
  state: 'running',
  stateChangedAt: 0,
};

const filters = (params: Record<string, string>) => readFilters(nestParams(params).Filter);

describe('EC2 filters', () => {
  it('reads Filter.N.Name / Filter.N.Value.M as the SDK sends them', () => {
    expect(filters({ 'Filter.1.Name': 'tag:Name', 'Filter.1.Value.1': 'a', 'Filter.1.Value.2': 'b', 'Filter.2.Name': 'instance-state-name', 'Filter.2.Value.1': 'running' })).toEqual([
      { name: 'tag:Name', values: ['a', 'b'] },
      { name: 'instance-state-name', values: ['running'] },
    ]);
    expect(() => filters({ 'Filter.1.Name': 'tag:Name' })).toThrow(/must have at least one value/);
  });

  it('matches wildcards, ORs values and ANDs filters', () => {
    const match = (list: { name: string; values: string[] }[]) => matchesFilters(instance, list, 'us-east-1a');
    expect(match([{ name: 'tag:Name', values: ['airbyte-*'] }])).toBe(true);
    expect(match([{ name: 'tag:Name', values: ['airbyte-pro?'] }])).toBe(true);
    expect(match([{ name: 'tag:Name', values: ['airbyte'] }])).toBe(false);
    expect(match([{ name: 'instance-state-name', values: ['stopped', 'running'] }])).toBe(true);
    expect(match([{ name: 'instance-state-name', values: ['running'] }, { name: 'tag-key', values: ['missing'] }])).toBe(false);
    expect(match([{ name: 'tag:Owner', values: ['*'] }])).toBe(false);
    expect(match([{ name: 'private-ip-address', values: ['10.0.1.*'] }, { name: 'availability-zone', values: ['us-east-1a'] }])).toBe(true);
    expect(match([{ name: 'tag:Name', values: ['airbyte.prod'] }])).toBe(false);
  });

  it('refuses unknown filter names, and those a call does not support', () => {
    expect(() => checkFilterNames([{ name: 'colour', values: ['x'] }])).toThrow("The filter 'colour' is invalid");
    expect(() => checkFilterNames([{ name: 'tag:Name', values: ['x'] }], { only: ['instance-state-name'] })).toThrow(/invalid/);
    expect(() => checkFilterNames([{ name: 'system-status.status', values: ['ok'] }], { only: [], extra: ['system-status.status'] })).not.toThrow();
  });
});
